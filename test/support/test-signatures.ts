import { createPrivateKey, type KeyObject, randomUUID, X509Certificate } from 'node:crypto';
import type { Message } from 'kafkajs';
import { HEADERS } from '../../lib/messaging/topics';
import {
  identityPaths,
  type LoadedIdentity,
  loadAuthority,
  loadIdentity,
} from '../../lib/security/identity-files';
import { type MessageSigner, type SignedFields, signMessage } from '../../lib/security/message-signature';
import { createAuthority, type Identity, issueCertificate, type Role } from '../../lib/security/pki';
import { bankIdentity, securityOn, testPki } from './test-identities';

/*
 * Signing as the run's participants (the identities of test-identities.ts), and as forgers: the keys,
 * certificates and headers the tests put on raw Kafka messages.
 */

/** A key and the serial of its certificate (what signs a message), with the certificate. */
export interface TestSigner extends MessageSigner {
  certificate: X509Certificate;
  identity: Identity;
}

export const signerOfIdentity = (identity: LoadedIdentity): TestSigner => ({
  privateKey: identity.privateKey,
  serial: identity.identity.serial,
  certificate: identity.certificate,
  identity: identity.identity,
});

let hub: LoadedIdentity | undefined;
/** The run's hub identity (the one every test hub signs with), whatever the run's security setting. */
export function signingHubIdentity(): LoadedIdentity {
  hub ??= loadIdentity(identityPaths(testPki().hub), 'hub');
  return hub;
}

/** The hub's signer: what every test hub signs its messages with. */
export const hubSigner = (): TestSigner => signerOfIdentity(signingHubIdentity());

/** The signer of the hub (`hub`) or of a bank (its ISPB), as the run's processes sign. */
export const testSigner = async (name: string): Promise<TestSigner> =>
  name === 'hub' ? hubSigner() : signerOfIdentity(await bankIdentity(name));

/** Loads signers up front, for tests that sign in many places: `signer(name)` then answers at once. */
export async function testSigners(names: string[]): Promise<(name: string) => TestSigner> {
  const loaded = new Map(await Promise.all(names.map(async (n) => [n, await testSigner(n)] as const)));
  return (name) => {
    const found = loaded.get(name);
    if (!found) throw new Error(`no signer ${name} was loaded`);
    return found;
  };
}

async function issue(
  authority: { certificatePem: string; privateKey: KeyObject },
  role: Role,
  name?: string,
): Promise<TestSigner> {
  const issued = await issueCertificate(authority, { role, name });
  return {
    privateKey: createPrivateKey(issued.privateKeyPem as string),
    serial: issued.identity.serial,
    certificate: new X509Certificate(issued.certificatePem),
    identity: issued.identity,
  };
}

/** Another certificate from the run's authority: a bank's second one (to revoke, say). */
export const issueTestSigner = (role: Role, name?: string) =>
  issue(loadAuthority(testPki().authority), role, name);

/**
 * What a forger holds: a certificate for `name` that looks like ours in every field, made by an
 * authority of its own, which no hub or bank trusts.
 */
export async function forgedSigner(role: Role, name?: string): Promise<TestSigner> {
  const made = await createAuthority();
  return issue(
    { certificatePem: made.certificatePem, privateKey: createPrivateKey(made.privateKeyPem) },
    role,
    name,
  );
}

/** The two headers a signer adds to a message with these fields. */
export const signatureHeaders = (signer: MessageSigner, fields: SignedFields) => ({
  [HEADERS.signature]: signMessage(signer.privateKey, fields),
  [HEADERS.signer]: signer.serial,
});

/** Signed by whoever the message says it is from: the hub, or the bank of that ISPB; others sign nothing. */
export async function signAsOrigin(fields: SignedFields): Promise<Record<string, string>> {
  const known = fields.origin === 'hub' || /^\d{8}$/.test(fields.origin);
  return known ? signatureHeaders(await testSigner(fields.origin), fields) : {};
}

/** A raw Kafka message with every CodePix header, signed by `signer` (or by nobody). */
export function signedMessage(
  signer: MessageSigner | undefined,
  fields: Omit<SignedFields, 'messageId'> & { messageId?: string },
): Message & { headers: Record<string, string> } {
  const all: SignedFields = { ...fields, messageId: fields.messageId ?? randomUUID() };
  return {
    key: all.key,
    value: Buffer.from(all.payload),
    headers: {
      [HEADERS.messageId]: all.messageId,
      [HEADERS.type]: all.type,
      [HEADERS.origin]: all.origin,
      ...(signer ? signatureHeaders(signer, all) : {}),
    },
  };
}

/** Signatures are what these tests are about: a run without security cannot show them. */
export function requireSecurity(): void {
  if (!securityOn())
    throw new Error('these tests need CODEPIX_SECURITY on: signed messages are what they test');
}

/**
 * Signs as the stack's bank the message says it is from (`fields.origin`), with the identity the
 * stack's hub issued it; unsigned when security is off.
 */
export const signAsStackBank =
  (identities: { bank(ispb: string): LoadedIdentity | undefined }) =>
  async (fields: SignedFields): Promise<Record<string, string>> => {
    const identity = identities.bank(fields.origin);
    return identity ? signatureHeaders(signerOfIdentity(identity), fields) : {};
  };
