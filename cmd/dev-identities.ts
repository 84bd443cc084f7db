import { type LoadedIdentity, pkiLayout } from '../lib/security/identity-files';
import type { Config } from '../src/infrastructure/config/config';
import type { LocalPki } from '../src/infrastructure/security/provision';
import { DEMO_BANKS } from './demo-data';
import { enrolBank } from './enrol-bank';
import { withHub } from './hub-client';
import type { HubTarget } from './options';

/** The authority and the hub's, operator's and broker's identities, made on the first start. */
export async function provisionIdentities(config: Config): Promise<LocalPki | undefined> {
  if (!config.security.enabled) return undefined;
  const { provisionLocalPki } = await import('../src/infrastructure/security/provision');
  return provisionLocalPki(config.security.pkiDir);
}

/** The demo banks registered by the operator, each issued its identity (kept across starts). */
export async function enrolDemoBanks(
  config: Config,
  operator: HubTarget,
  operatorIdentity: LoadedIdentity | undefined,
): Promise<Map<string, LoadedIdentity>> {
  const enrolled = new Map<string, LoadedIdentity>();
  if (!operatorIdentity) return enrolled;
  const layout = pkiLayout(config.security.pkiDir);
  await withHub(operator, async (client) => {
    for (const bank of DEMO_BANKS) {
      const { identity } = await enrolBank(client, bank, layout.bank(bank.ispb), operatorIdentity.ca, 'keep');
      enrolled.set(bank.ispb, identity);
    }
  });
  return enrolled;
}
