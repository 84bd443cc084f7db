import path from 'node:path';
import type { Command } from 'commander';
import { pkiLayout, writeIdentity } from '../lib/security/identity-files';
import { newKeyPair } from '../lib/security/pki';
import type { Certificate } from '../src/gen/codepix/v1/bank';
import { loadConfig } from '../src/infrastructure/config/config';
import { LOCAL_HOSTS, provisionLocalPki } from '../src/infrastructure/security/provision';
import { UsageError } from './errors';
import { callerIdentity, withHub } from './hub-client';
import { globalOptions } from './options';
import { emit, keyValues, shortTime } from './output';
import { table } from './table';

const certificateView = (c: Certificate) => ({
  serial: c.serial,
  role: c.role,
  name: c.name,
  notAfter: c.notAfter?.toISOString() ?? '',
  revokedAt: c.revokedAt?.toISOString() ?? '',
});

const collect = (value: string, previous: string[]) => [...previous, value];

/** `codepix pki ...`: the hub's certificate authority and the identities it issues. */
export function addPkiCommands(program: Command): void {
  const pki = program
    .command('pki')
    .description("the hub's certificate authority: create it, re-issue or revoke a bank's certificate");

  pki
    .command('init')
    .description(
      'create the authority and the hub, operator and Kafka broker identities (kept if already there)',
    )
    .option('--dir <dir>', 'where (default: CODEPIX_PKI, else .codepix/pki)')
    .option('--host <name>', 'a name or address the hub and broker answer on (repeatable)', collect, [])
    .action(async (opts: { dir?: string; host: string[] }, command: Command) => {
      const { json } = globalOptions(command);
      const dir = path.resolve(opts.dir ?? loadConfig().security.pkiDir);
      const made = await provisionLocalPki(dir, [...LOCAL_HOSTS, ...opts.host]);
      const rows = Object.entries(made).map(([role, id]) => ({
        role,
        serial: id.identity.serial,
        cert: id.paths.cert,
      }));
      emit(json, { dir, identities: rows }, () =>
        [
          keyValues([['authority', pkiLayout(dir).authority]]),
          table({ role: 'IDENTITY', serial: 'SERIAL', cert: 'CERTIFICATE' }, rows),
        ].join('\n'),
      );
    });

  pki
    .command('issue')
    .description(
      "issue a registered bank a new certificate (a new key pair made here), e.g. after a key's loss",
    )
    .argument('<ispb>', "the bank's ISPB, 8 digits")
    .option(
      '--out <dir>',
      "where to write key.pem, cert.pem and ca.pem (default: the bank's folder under CODEPIX_PKI)",
    )
    .action(async (ispb: string, opts: { out?: string }, command: Command) => {
      const { hub, json } = globalOptions(command);
      const operator = callerIdentity(hub);
      if (!operator)
        throw new UsageError('security is off (CODEPIX_SECURITY=off): there is nothing to issue');
      const keys = await newKeyPair();
      const issued = await withHub(hub, (client) =>
        client.issueCertificate({ ispb, publicKeyPem: keys.publicKeyPem }),
      );
      const dir = opts.out ?? pkiLayout(loadConfig().security.pkiDir).bank(ispb);
      const paths = writeIdentity(dir, {
        privateKeyPem: keys.privateKeyPem,
        certificatePem: issued.certificatePem,
        caPem: operator.ca.toString(),
      });
      emit(json, { ...certificateView(issued), ...paths }, () =>
        keyValues([
          ['Serial', issued.serial],
          ['Certificate', paths.cert],
          ['Private key', `${paths.key}  (mode 0600)`],
          ['Valid until', shortTime(issued.notAfter?.toISOString() ?? null)],
        ]),
      );
    });

  pki
    .command('revoke')
    .description(
      'revoke a certificate: its calls are refused, its Kafka access removed, its messages dead-lettered',
    )
    .argument('<serial>', 'the certificate serial (hex), as `codepix pki list` shows it')
    .option('--reason <text>', 'why, for the record', 'unspecified')
    .action(async (serial: string, opts: { reason: string }, command: Command) => {
      const { hub, json } = globalOptions(command);
      const revoked = await withHub(hub, (client) => client.revokeCertificate(serial, opts.reason));
      emit(
        json,
        certificateView(revoked),
        () => `revoked certificate ${revoked.serial} of ${revoked.role} ${revoked.name}`,
      );
    });

  pki
    .command('list')
    .description("list a bank's certificates, newest first")
    .argument('<ispb>', "the bank's ISPB, 8 digits")
    .action(async (ispb: string, _opts, command: Command) => {
      const { hub, json } = globalOptions(command);
      const views = (await withHub(hub, (client) => client.listCertificates(ispb))).map(certificateView);
      emit(json, views, () =>
        views.length === 0
          ? `no certificates for bank ${ispb}`
          : table(
              { serial: 'SERIAL', notAfter: 'VALID UNTIL', revokedAt: 'REVOKED' },
              views.map((v) => ({
                ...v,
                notAfter: shortTime(v.notAfter),
                revokedAt: shortTime(v.revokedAt || null),
              })),
            ),
      );
    });
}
