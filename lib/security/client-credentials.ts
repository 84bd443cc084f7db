import { type ChannelCredentials, credentials } from '@grpc/grpc-js';
import type { LoadedIdentity } from './identity-files';

let quieted = false;

/**
 * grpc-js names the server in TLS (SNI) by the dialled host even when it is an IP address, and Node
 * warns of that once per process (DEP0123) on stderr, under the CLI's output. The hub's certificate is
 * still checked against the address (its IP SAN); only the warning is dropped.
 */
export function quietIpServerNameWarning(): void {
  if (quieted) return;
  quieted = true;
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const code = typeof rest[0] === 'object' ? (rest[0] as { code?: string })?.code : rest[1];
    if (code === 'DEP0123') return;
    emit(warning, ...rest);
  }) as typeof process.emitWarning;
}

/**
 * How a client dials the hub: TLS with its own certificate, checking the hub's against the same
 * authority; plaintext when it has no identity (security off).
 */
export function channelCredentials(identity: LoadedIdentity | undefined): ChannelCredentials {
  if (!identity) return credentials.createInsecure();
  quietIpServerNameWarning();
  return credentials.createSsl(identity.ca, identity.key, identity.cert);
}
