import { X509Certificate } from 'node:crypto';
import type { ServerUnaryCall } from '@grpc/grpc-js';
import { identityFromSubject } from '../../../lib/security/pki';
import { ANYONE, type Caller } from '../../application/access';
import { UnauthenticatedError } from '../../domain';
import type { CertificateStore } from '../security/certificate-store';

/** Establishes who is calling, or throws UnauthenticatedError. */
export type Authenticate = (
  call: Pick<ServerUnaryCall<unknown, unknown>, 'getAuthContext'>,
) => Promise<Caller>;

/** Security off: every caller is trusted to be whoever its request names. */
export const trustEveryone: Authenticate = async () => ANYONE;

const refused = (code: string, message: string) => new UnauthenticatedError(`AUTH.${code}`, message);

/**
 * mTLS: the TLS handshake has verified the client's certificate against the hub's authority (grpc-js
 * gives no peer certificate otherwise); this reads the identity in its subject, refuses one that is
 * revoked, and records one the hub has not seen, so it can be revoked later.
 */
export function authenticateByCertificate(store: CertificateStore): Authenticate {
  return async (call) => {
    const peer = call.getAuthContext()?.sslPeerCertificate;
    if (!peer) {
      throw refused('NO_CERTIFICATE', 'a client certificate issued by the hub authority is required');
    }
    const identity = identityFromSubject(peer.subject, peer.serialNumber);
    if (!identity || identity.role === 'broker' || identity.role === 'hub') {
      throw refused('UNKNOWN_IDENTITY', 'the client certificate names no bank and no operator');
    }
    let known = await store.find(identity.serial);
    if (!known) {
      await store.record(new X509Certificate(peer.raw));
      known = await store.find(identity.serial);
    }
    if (known?.revokedAt) {
      throw refused('CERTIFICATE_REVOKED', `certificate ${identity.serial} was revoked`);
    }
    return identity.role === 'bank' ? { role: 'bank', ispb: identity.name } : { role: 'operator' };
  };
}
