import 'reflect-metadata';
import {
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  randomBytes,
  webcrypto,
  X509Certificate,
} from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

/**
 * Who holds a certificate. A bank's identity is its ISPB; the hub, the operator (administration) and
 * the Kafka broker have one identity each.
 */
export type Role = 'bank' | 'hub' | 'operator' | 'broker';
const ROLES: readonly Role[] = ['bank', 'hub', 'operator', 'broker'];

export interface Identity {
  role: Role;
  /** The ISPB for a bank; the role's own name otherwise. */
  name: string;
  /** The certificate's serial number, lower-case hex: what revocation and signatures name. */
  serial: string;
}

/** A key pair and the certificate for it, as PEM text. */
export interface IssuedIdentity {
  privateKeyPem: string;
  certificatePem: string;
  identity: Identity;
}

export interface Authority {
  certificatePem: string;
  privateKey: KeyObject;
}

const ORGANIZATION = 'CodePix';
const UID_OID = '0.9.2342.19200300.100.1.1';
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
/** Long enough for a development stack to outlive its certificates rarely; re-issue is one command. */
export const CERTIFICATE_DAYS_MAX = 397;
const AUTHORITY_DAYS = 3650;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

/** ECDSA P-256: what TLS stacks (Node, Java, Kafka) and our message signatures all accept. */
export function generateKeyPair(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
    .export({ format: 'pem', type: 'pkcs8' })
    .toString();
}

async function importPrivateKey(key: KeyObject): Promise<CryptoKey> {
  const der = key.export({ format: 'der', type: 'pkcs8' });
  return webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, false, ['sign']);
}

/** A public key given as PEM (SPKI) text, checked to be P-256: what RegisterBank accepts. */
export async function importPublicKey(pem: string): Promise<CryptoKey> {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('the public key must be an ECDSA P-256 key');
  }
  return webcrypto.subtle.importKey('spki', key.export({ format: 'der', type: 'spki' }), ALGORITHM, true, [
    'verify',
  ]);
}

export async function publicKeyPemOf(privateKeyPemText: string): Promise<string> {
  return createPublicKey(privateKeyPemText).export({ format: 'pem', type: 'spki' }).toString();
}

/**
 * 126 random bits. The first byte is 0x40-0x7f: positive, as DER integers must be, and never zero, which
 * DER would drop and Node's `serialNumber` read back shorter than the UID written beside it.
 */
export const newSerial = () => {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x3f) | 0x40;
  return bytes.toString('hex');
};

/** Creates the hub's certificate authority: a self-signed P-256 certificate that signs every identity. */
export async function createAuthority(
  now = new Date(),
): Promise<{ certificatePem: string; privateKeyPem: string }> {
  const keys = await generateKeyPair();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: newSerial(),
    name: `O=${ORGANIZATION},CN=CodePix certificate authority`,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + AUTHORITY_DAYS * DAY_MS),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificatePem: certificate.toString('pem'), privateKeyPem: await privateKeyPem(keys.privateKey) };
}

export interface IssueOptions {
  role: Role;
  /** The ISPB for a bank; ignored (the role's name is used) for the others. */
  name?: string;
  /** The subject's public key; a new key pair is made when absent (and its private key returned). */
  publicKey?: CryptoKey;
  /** Host names and IP addresses a server certificate answers for (hub, broker). */
  hosts?: string[];
  days?: number;
  now?: Date;
}

/**
 * Issues a certificate. Subject: O=CodePix, OU=<role>, CN=<ISPB or role>, UID=<serial>, so the Kafka
 * broker maps each certificate to a principal of its own (a revoked certificate loses its ACLs alone).
 */
export async function issueCertificate(
  authority: Authority,
  opts: IssueOptions,
): Promise<{ certificatePem: string; privateKeyPem?: string; identity: Identity }> {
  const name = opts.role === 'bank' ? opts.name : opts.role;
  if (!name || (opts.role === 'bank' && !/^\d{8}$/.test(name))) {
    throw new Error('a bank certificate needs the bank ISPB (8 digits)');
  }
  const days = Math.min(opts.days ?? CERTIFICATE_DAYS_MAX, CERTIFICATE_DAYS_MAX);
  const now = opts.now ?? new Date();
  const made = opts.publicKey ? undefined : await generateKeyPair();
  const publicKey = opts.publicKey ?? (made as CryptoKeyPair).publicKey;
  const serial = newSerial();
  const ca = new x509.X509Certificate(authority.certificatePem);
  const hosts = opts.hosts ?? [];
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: `O=${ORGANIZATION},OU=${opts.role},CN=${name},${UID_OID}=${serial}`,
    issuer: ca.subject,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + days * DAY_MS),
    signingKey: await importPrivateKey(authority.privateKey),
    publicKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([CLIENT_AUTH, ...(hosts.length ? [SERVER_AUTH] : [])]),
      ...(hosts.length
        ? [
            new x509.SubjectAlternativeNameExtension(
              hosts.map((host) => ({ type: /^[\d.]+$|:/.test(host) ? 'ip' : 'dns', value: host })),
            ),
          ]
        : []),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  return {
    certificatePem: certificate.toString('pem'),
    privateKeyPem: made ? await privateKeyPem(made.privateKey) : undefined,
    identity: { role: opts.role, name, serial },
  };
}

/** The attribute values of a subject as Node prints it ("O=CodePix\nOU=bank\nCN=..."). */
function subjectFields(certificate: X509Certificate): Record<string, string> {
  return Object.fromEntries(
    certificate.subject.split('\n').map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1)] as const;
    }),
  );
}

/**
 * The identity a certificate carries, or undefined when it is not one of ours. It does not check the
 * signature or the dates: the TLS handshake (or `verifyIssuedBy`) does.
 */
export function identityOf(certificate: X509Certificate): Identity | undefined {
  return identityFromSubject(subjectFields(certificate), certificate.serialNumber);
}

/** The same from a subject's fields and serial, as a TLS peer certificate gives them. */
export function identityFromSubject(
  subject: Readonly<Record<string, string | string[] | undefined>>,
  serialNumber: string,
): Identity | undefined {
  const serial = serialNumber.toLowerCase();
  const { O, OU, CN, UID } = subject;
  const role = OU as Role;
  if (O !== ORGANIZATION || !ROLES.includes(role) || typeof CN !== 'string') return undefined;
  if (typeof UID !== 'string' || UID.toLowerCase() !== serial) return undefined;
  if (role === 'bank' ? !/^\d{8}$/.test(CN) : CN !== role) return undefined;
  return { role, name: CN, serial };
}

/** Whether `certificate` was signed by the authority and is valid at `now`. */
export function verifyIssuedBy(
  certificate: X509Certificate,
  authority: X509Certificate,
  now = new Date(),
): boolean {
  const from = new Date(certificate.validFrom).getTime();
  const to = new Date(certificate.validTo).getTime();
  return certificate.verify(authority.publicKey) && from <= now.getTime() && now.getTime() <= to;
}

/**
 * How the broker names a certificate's holder in its ACLs: each bank certificate is a principal of its
 * own (`User:bank-11111111-<serial>`), so revoking one takes its access alone; the hub and the broker
 * are super users by role.
 */
export const kafkaPrincipal = (identity: Identity) =>
  identity.role === 'bank' ? `User:bank-${identity.name}-${identity.serial}` : `User:${identity.role}`;

/** A fresh key pair as PEM text: what a bank keeps (the private key) and sends (the public key). */
export async function newKeyPair(): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
  const keys = await generateKeyPair();
  const der = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
  const publicKeyPem = createPublicKey({ key: der, format: 'der', type: 'spki' })
    .export({ format: 'pem', type: 'spki' })
    .toString();
  return { privateKeyPem: await privateKeyPem(keys.privateKey), publicKeyPem };
}
