import fs from 'node:fs';
import path from 'node:path';
import { type Identity, kafkaPrincipal } from '../../../lib/security/pki';
import { AUTHORIZATION_CONFIG, PRINCIPAL_MAPPING_RULES } from './kafka-tls-config';

/** docker/kafka-server.properties as a map (comments and blank lines skipped). */
function composeBrokerConfig(): Map<string, string> {
  const file = path.resolve(__dirname, '../../../docker/kafka-server.properties');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  return new Map(
    lines
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/**
 * The rules as Kafka's SslPrincipalMapper applies them: the first whose pattern matches the whole
 * name rewrites it; DEFAULT keeps it. Java and JavaScript agree on the regex subset used here.
 */
function mapPrincipal(distinguishedName: string): string {
  for (const rule of PRINCIPAL_MAPPING_RULES.split(/,(?=RULE:|DEFAULT$)/)) {
    if (rule === 'DEFAULT') return distinguishedName;
    const [, pattern, replacement] = /^RULE:(.*)\/(.*)\/$/.exec(rule) ?? [];
    const match = new RegExp(pattern).exec(distinguishedName);
    if (match) return replacement.replace(/\$(\d)/g, (_, n) => match[Number(n)]);
  }
  return distinguishedName;
}

/** A subject in RFC 2253 form, as the broker prints it (verified on Kafka 3.9 by kafka-acls.test.ts). */
const rfc2253 = (identity: Identity) =>
  `UID=${identity.serial},CN=${identity.name},OU=${identity.role},O=CodePix`;

describe('the broker trust model', () => {
  it('maps each certificate subject to the principal the ACLs name', () => {
    const serial = '1f2e3d4c5b6a79880123456789abcdef';
    const identities: Identity[] = [
      { role: 'bank', name: '11111111', serial },
      { role: 'hub', name: 'hub', serial },
      { role: 'broker', name: 'broker', serial },
      { role: 'operator', name: 'operator', serial },
    ];
    for (const identity of identities) {
      expect(`User:${mapPrincipal(rfc2253(identity))}`).toBe(kafkaPrincipal(identity));
    }
    // A subject of no CodePix role keeps its whole name, which no ACL and no super user names.
    expect(mapPrincipal(`UID=${serial},CN=hub,OU=bank,O=CodePix`)).toBe(
      `UID=${serial},CN=hub,OU=bank,O=CodePix`,
    );
  });

  it('is the same in docker-compose as on the local broker', () => {
    const compose = composeBrokerConfig();
    for (const [key, value] of Object.entries(AUTHORIZATION_CONFIG))
      expect(compose.get(key)).toBe(String(value));
    expect(compose.get('ssl.client.auth')).toBe('required');
    expect(compose.get('listener.security.protocol.map')).toBe('SSL:SSL,CONTROLLER:SSL');
  });
});
