import { X509Certificate } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { ConsumedMessage } from '../../lib/messaging/consumed-message';
import type { LoadedIdentity } from '../../lib/security/identity-files';
import { type Verdict, verifyEnvelope } from '../../lib/security/message-verifier';
import { type GrpcHub, HubCallError } from './grpc-hub';
import { type FetchCertificate, HubCertificates } from './hub-certificates';

/** The hub's certificates by serial, from the hub itself (GetCertificate); none when it knows no such serial. */
export const hubCertificates =
  (hub: GrpcHub): FetchCertificate =>
  (serial) =>
    hub.certificate(serial).catch((error) => {
      if (error instanceof HubCallError && error.grpcStatus === status.NOT_FOUND) return undefined;
      throw error;
    });

/**
 * Takes from the bank's topic only what the hub signed (the batch consumer's `verify`): the hub's
 * certificates are believed when the authority in the bank's identity (its ca.pem) issued them.
 */
export function hubMessageVerifier(
  identity: LoadedIdentity,
  fetch: FetchCertificate,
): (message: ConsumedMessage) => Promise<Verdict> {
  const hub = new HubCertificates(fetch, new X509Certificate(identity.ca));
  return (message) => verifyEnvelope(message, hub.find, 'hub');
}
