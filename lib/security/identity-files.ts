import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  type Authority,
  createAuthority,
  type Identity,
  identityOf,
  issueCertificate,
  type Role,
} from './pki';

/**
 * One identity on disk, a folder of three PEM files: `key.pem` (the private key, mode 0600),
 * `cert.pem` (its certificate) and `ca.pem` (the authority that signed it and every peer).
 */
export interface IdentityPaths {
  key: string;
  cert: string;
  ca: string;
}

/** An identity loaded for use: the bytes TLS needs, the key object signatures need. */
export interface LoadedIdentity {
  paths: IdentityPaths;
  key: Buffer;
  cert: Buffer;
  ca: Buffer;
  privateKey: KeyObject;
  certificate: X509Certificate;
  identity: Identity;
}

export class IdentityError extends Error {}

export const identityPaths = (dir: string): IdentityPaths => ({
  key: path.join(dir, 'key.pem'),
  cert: path.join(dir, 'cert.pem'),
  ca: path.join(dir, 'ca.pem'),
});

/** Private keys are written for their owner alone, and never through a file anyone could read first. */
export function writeSecretFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
}

export function writeIdentity(
  dir: string,
  files: { privateKeyPem: string; certificatePem: string; caPem: string },
): IdentityPaths {
  const paths = identityPaths(dir);
  writeSecretFile(paths.key, files.privateKeyPem);
  fs.writeFileSync(paths.cert, files.certificatePem);
  fs.writeFileSync(paths.ca, files.caPem);
  return paths;
}

const read = (file: string, what: string) => {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new IdentityError(`cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code}`);
  }
};

/**
 * Loads an identity and checks it is whole: the key matches the certificate, the authority signed it,
 * and it names one of our roles. Error messages name the files, never their contents.
 */
export function loadIdentity(paths: IdentityPaths, expected?: Role): LoadedIdentity {
  const key = read(paths.key, 'private key');
  const cert = read(paths.cert, 'certificate');
  const ca = read(paths.ca, 'authority certificate');
  let privateKey: KeyObject;
  let certificate: X509Certificate;
  let authority: X509Certificate;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new IdentityError(`${paths.key} is not a PEM private key`);
  }
  try {
    certificate = new X509Certificate(cert);
    authority = new X509Certificate(ca);
  } catch {
    throw new IdentityError(`${paths.cert} or ${paths.ca} is not a PEM certificate`);
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new IdentityError(`${paths.key} is not the key of ${paths.cert}`);
  }
  if (!certificate.verify(authority.publicKey)) {
    throw new IdentityError(`${paths.cert} was not issued by the authority in ${paths.ca}`);
  }
  const identity = identityOf(certificate);
  if (!identity) throw new IdentityError(`${paths.cert} does not carry a CodePix identity`);
  if (expected && identity.role !== expected) {
    throw new IdentityError(`${paths.cert} is a ${identity.role} certificate, not a ${expected} one`);
  }
  return { paths, key, cert, ca, privateKey, certificate, identity };
}

/** The authority's folder: `ca.pem` and `ca-key.pem` (mode 0600), kept by whoever runs the hub. */
export const authorityPaths = (dir: string) => ({
  cert: path.join(dir, 'ca.pem'),
  key: path.join(dir, 'ca-key.pem'),
});

export function loadAuthority(dir: string): Authority {
  const paths = authorityPaths(dir);
  const certificatePem = read(paths.cert, 'authority certificate').toString();
  try {
    return { certificatePem, privateKey: createPrivateKey(read(paths.key, 'authority key')) };
  } catch (error) {
    if (error instanceof IdentityError) throw error;
    throw new IdentityError(`${paths.key} is not a PEM private key`);
  }
}

/** Creates the authority under `dir` unless one is there already; returns it either way. */
export async function ensureAuthority(dir: string): Promise<Authority> {
  const paths = authorityPaths(dir);
  if (!fs.existsSync(paths.cert)) {
    const made = await createAuthority();
    writeSecretFile(paths.key, made.privateKeyPem);
    fs.writeFileSync(paths.cert, made.certificatePem);
  }
  return loadAuthority(dir);
}

/**
 * Issues an identity with a fresh key pair into `dir` unless a valid one for the same role and name is
 * there; returns the loaded identity.
 */
export async function ensureIdentity(
  authority: Authority,
  dir: string,
  opts: { role: Role; name?: string; hosts?: string[] },
): Promise<LoadedIdentity> {
  const paths = identityPaths(dir);
  const existing = tryLoad(paths, authority);
  const name = opts.role === 'bank' ? opts.name : opts.role;
  if (existing && existing.identity.role === opts.role && existing.identity.name === name) return existing;
  const issued = await issueCertificate(authority, opts);
  writeIdentity(dir, {
    privateKeyPem: issued.privateKeyPem as string,
    certificatePem: issued.certificatePem,
    caPem: authority.certificatePem,
  });
  return loadIdentity(paths, opts.role);
}

function tryLoad(paths: IdentityPaths, authority: Authority): LoadedIdentity | undefined {
  if (!fs.existsSync(paths.cert)) return undefined;
  try {
    const loaded = loadIdentity(paths);
    const valid = new Date(loaded.certificate.validTo).getTime() > Date.now() + 86_400_000;
    return valid && loaded.ca.toString() === authority.certificatePem ? loaded : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where a local deployment keeps its identities (`CODEPIX_PKI`, by default `<CODEPIX_HOME>/pki`):
 * the authority, the hub, the operator, the Kafka broker and each bank, one folder each.
 */
export function pkiLayout(pkiDir: string) {
  return {
    authority: path.join(pkiDir, 'ca'),
    hub: path.join(pkiDir, 'hub'),
    operator: path.join(pkiDir, 'operator'),
    broker: path.join(pkiDir, 'broker'),
    bank: (ispb: string) => path.join(pkiDir, 'banks', ispb),
  };
}
