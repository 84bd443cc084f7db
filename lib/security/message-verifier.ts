import type { KeyObject, X509Certificate } from 'node:crypto';
import { type SignedFields, verifyMessageAsync } from './message-signature';
import type { Identity, Role } from './pki';

/** A certificate that may sign messages, ready for checking: parsed once, when it was looked up. */
export interface Signer {
  identity: Identity;
  publicKey: KeyObject;
  /** The certificate's validity, in epoch milliseconds. */
  validFrom: number;
  validTo: number;
  revokedAt?: Date;
}

/**
 * The signer of a serial: undefined when the receiver knows no such certificate (or one it does not
 * trust); throws when it cannot tell now (database or hub out of reach), so the message waits.
 */
export type SignerLookup = (serial: string) => Promise<Signer | undefined>;

/** A consumed message as its signature sees it: the signed fields, as read, and the two headers. */
export interface SignedEnvelope {
  topic: string;
  key?: string;
  type?: string;
  messageId: string;
  origin?: string;
  value: Uint8Array | null;
  signature?: string;
  signerSerial?: string;
}

/** Whom a message is from, or why it is not to be believed: a DLQ reason. */
export type Verdict = { signer: Identity } | { refused: string };

export const BAD_SIGNATURE = 'BAD_SIGNATURE';
export const ORIGIN_MISMATCH = 'ORIGIN_MISMATCH';

/** A DER ECDSA P-256 signature is at most 72 bytes (96 base64 characters); a serial at most 20 bytes. */
const SIGNATURE_CHARS_MAX = 100;
const SERIAL = /^[0-9a-f]{1,40}$/;

export const signedFieldsOf = (message: SignedEnvelope): SignedFields => ({
  topic: message.topic,
  key: message.key ?? '',
  type: message.type ?? '',
  messageId: message.messageId,
  origin: message.origin ?? '',
  payload: message.value ?? new Uint8Array(),
});

/**
 * The decision on one message, given how the receiver looks signers up and the one role it takes
 * messages from (the hub takes them from banks, a bank from the hub). In order: a signature that cannot
 * be trusted (missing, malformed, of an unknown, revoked or expired certificate, or not over these
 * bytes) is BAD_SIGNATURE; a good signature by someone the message does not claim to be from (another
 * role, or a name other than `codepix-origin`) is ORIGIN_MISMATCH. Whether the ISPB inside the payload is
 * the signer's is the handler's to check, once it has decoded the payload.
 */
export async function verifyEnvelope(
  message: SignedEnvelope,
  lookup: SignerLookup,
  expected: Role,
  now = Date.now(),
): Promise<Verdict> {
  const bad = (why: string): Verdict => ({ refused: `${BAD_SIGNATURE}: ${why}` });
  const { signature, signerSerial: serial } = message;
  if (!signature) return bad('the message is not signed (no codepix-signature header)');
  if (!serial) return bad('no codepix-signer header names the signing certificate');
  if (!SERIAL.test(serial)) return bad('codepix-signer is not a certificate serial (lower-case hex)');
  if (signature.length > SIGNATURE_CHARS_MAX) return bad('codepix-signature is too long to be a signature');
  const signer = await lookup(serial);
  if (!signer) return bad(`certificate ${serial} is unknown (never issued, or not by the authority)`);
  if (signer.revokedAt) return bad(`certificate ${serial} was revoked at ${signer.revokedAt.toISOString()}`);
  if (now < signer.validFrom || now > signer.validTo) {
    return bad(`certificate ${serial} is not valid now (valid to ${new Date(signer.validTo).toISOString()})`);
  }
  if (!(await verifyMessageAsync(signer.publicKey, signedFieldsOf(message), signature))) {
    return bad(`the signature does not match the message for certificate ${serial}`);
  }
  const { identity } = signer;
  if (identity.role !== expected) {
    return { refused: `${ORIGIN_MISMATCH}: signed by a ${identity.role} certificate, not a ${expected} one` };
  }
  if (message.origin !== identity.name) {
    return {
      refused: `${ORIGIN_MISMATCH}: signed by ${identity.name}, but codepix-origin says ${message.origin ?? 'nothing'}`,
    };
  }
  return { signer: identity };
}

/** Parses a certificate into a Signer. */
export function signerOf(certificate: X509Certificate, identity: Identity, revokedAt?: Date): Signer {
  return {
    identity,
    publicKey: certificate.publicKey,
    validFrom: new Date(certificate.validFrom).getTime(),
    validTo: new Date(certificate.validTo).getTime(),
    revokedAt,
  };
}

/**
 * The hub's lookup: the certificates table (cached on every instance, evicted on revocation), each entry
 * checked once to have been signed by the authority. Concurrent lookups of one serial share one query.
 */
export function certificateLookup(
  find: (serial: string) => Promise<KnownCertificate | undefined>,
  authority: X509Certificate,
): SignerLookup {
  const parsed = new WeakMap<KnownCertificate, Signer | undefined>();
  const inFlight = new Map<string, Promise<KnownCertificate | undefined>>();
  return async (serial) => {
    let finding = inFlight.get(serial);
    if (!finding) {
      finding = find(serial).finally(() => inFlight.delete(serial));
      inFlight.set(serial, finding);
    }
    const known = await finding;
    if (!known?.identity) return undefined;
    if (!parsed.has(known)) {
      const issued = known.certificate.verify(authority.publicKey);
      parsed.set(known, issued ? signerOf(known.certificate, known.identity, known.revokedAt) : undefined);
    }
    return parsed.get(known);
  };
}

/** A certificate as the hub knows it. */
export interface KnownCertificate {
  identity: Identity;
  certificate: X509Certificate;
  revokedAt?: Date;
}
