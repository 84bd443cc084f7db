import {
  ensureAuthority,
  ensureIdentity,
  type LoadedIdentity,
  pkiLayout,
} from '../../../lib/security/identity-files';

/** The identities a local deployment runs on, besides the banks' (which registering a bank issues). */
export interface LocalPki {
  hub: LoadedIdentity;
  operator: LoadedIdentity;
  broker: LoadedIdentity;
}

/** Names a server certificate answers for on this machine. */
export const LOCAL_HOSTS = ['localhost', '127.0.0.1'];

/**
 * Creates, once, the authority and the hub, operator and broker identities under `pkiDir`; later
 * calls load what is there (re-issuing only what is missing, expiring or from another authority).
 */
export async function provisionLocalPki(pkiDir: string, hosts: string[] = LOCAL_HOSTS): Promise<LocalPki> {
  const layout = pkiLayout(pkiDir);
  const authority = await ensureAuthority(layout.authority);
  return {
    hub: await ensureIdentity(authority, layout.hub, { role: 'hub', hosts }),
    operator: await ensureIdentity(authority, layout.operator, { role: 'operator' }),
    broker: await ensureIdentity(authority, layout.broker, { role: 'broker', hosts }),
  };
}
