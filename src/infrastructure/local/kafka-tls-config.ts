import fs from 'node:fs';
import path from 'node:path';
import { type LoadedIdentity, writeSecretFile } from '../../../lib/security/identity-files';

/**
 * How the broker names a client from its certificate's subject, as Java prints it in RFC 2253 form
 * (last attribute first: `UID=<serial>,CN=11111111,OU=bank,O=CodePix`). The names are exactly those
 * `kafkaPrincipal()` gives, so ACLs written by the hub match: one principal per bank certificate, one
 * per role for the others. A subject matching no rule keeps its whole DN, which no ACL names.
 */
export const PRINCIPAL_MAPPING_RULES = [
  'RULE:^UID=([0-9a-f]+),CN=([0-9]{8}),OU=bank,O=CodePix$/bank-$2-$1/',
  'RULE:^UID=[0-9a-f]+,CN=hub,OU=hub,O=CodePix$/hub/',
  'RULE:^UID=[0-9a-f]+,CN=broker,OU=broker,O=CodePix$/broker/',
  'RULE:^UID=[0-9a-f]+,CN=operator,OU=operator,O=CodePix$/operator/',
  'DEFAULT',
].join(',');

/** The hub and the broker itself may do anything; every other principal only what an ACL allows. */
export const SUPER_USERS = 'User:hub;User:broker';

/** The authorization half of the broker's configuration, the same locally and in docker-compose. */
export const AUTHORIZATION_CONFIG = {
  'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
  'allow.everyone.if.no.acl.found': false,
  'super.users': SUPER_USERS,
  'ssl.principal.mapping.rules': PRINCIPAL_MAPPING_RULES,
};

/**
 * The TLS and authorization settings of a broker whose every listener (clients, controller,
 * inter-broker) requires a client certificate from our authority. The key and chain go into one PEM
 * keystore file (Kafka reads an unencrypted PKCS#8 key when no ssl.key.password is set), written under
 * `dir` with mode 0600; the authority into a PEM truststore.
 */
export function brokerTlsConfig(dir: string, identity: LoadedIdentity): Record<string, string | boolean> {
  const keystore = path.join(dir, 'keystore.pem');
  const truststore = path.join(dir, 'truststore.pem');
  const pem = (bytes: Buffer) => `${bytes.toString().trimEnd()}\n`;
  writeSecretFile(keystore, pem(identity.key) + pem(identity.cert));
  fs.writeFileSync(truststore, pem(identity.ca));
  return {
    'ssl.keystore.type': 'PEM',
    'ssl.keystore.location': keystore,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': truststore,
    'ssl.client.auth': 'required',
    // Broker to controller and broker to broker check the peer's name too (the SANs).
    'ssl.endpoint.identification.algorithm': 'https',
    ...AUTHORIZATION_CONFIG,
  };
}
