import { X509Certificate } from 'node:crypto';
import type { LoadedIdentity } from '../../../lib/security/identity-files';
import type { MessageSigner } from '../../../lib/security/message-signature';
import { certificateLookup, type SignerLookup } from '../../../lib/security/message-verifier';
import type { CertificateStore } from './certificate-store';

/** What the hub signs its messages with, and how it looks its senders' certificates up. */
export interface HubMessageSecurity {
  signer: MessageSigner;
  signers: SignerLookup;
}

/**
 * Security on: the hub signs with its own identity's key, and believes a bank's signature when the
 * serial names a certificate in the `certificates` table (recorded when the bank's identity was issued
 * or first seen on a verified connection) that the hub's authority signed.
 */
export function hubMessageSecurity(
  identity: LoadedIdentity,
  certificates: CertificateStore,
): HubMessageSecurity {
  return {
    signer: { privateKey: identity.privateKey, serial: identity.identity.serial },
    signers: certificateLookup((serial) => certificates.find(serial), new X509Certificate(identity.ca)),
  };
}
