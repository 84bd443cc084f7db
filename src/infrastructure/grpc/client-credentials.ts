import { type ChannelCredentials, credentials } from '@grpc/grpc-js';
import type { LoadedIdentity } from '../security/identity-files';

/**
 * How a client dials the hub: TLS with its own certificate, checking the hub's against the same
 * authority; plaintext when it has no identity (security off).
 */
export function channelCredentials(identity: LoadedIdentity | undefined): ChannelCredentials {
  return identity
    ? credentials.createSsl(identity.ca, identity.key, identity.cert)
    : credentials.createInsecure();
}
