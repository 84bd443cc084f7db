import { operatorTokenFile } from '../lib/security/operator-token';
import { formatReais } from './amount';
import { DEMO_PASSWORD, DEMO_PAYEE, DEMO_PAYEE_KEY, DEMO_PAYER, defaultBankUrl } from './demo-data';
import type { SeededAccount, SeededBank } from './dev-seed';
import { keyValues } from './output';
import { table } from './table';

/** The first screen of `codepix dev up` once the stack is up: where everything is, and what to type. */

const DEFAULT_HUB = 'localhost:50051';

/**
 * The address a client on this machine dials: a wildcard or loopback bind is reached through localhost,
 * the name the CLI's defaults use.
 */
export const dialAddress = (host: string, port: number) =>
  `${['0.0.0.0', '::', '', '127.0.0.1'].includes(host) ? 'localhost' : host}:${port}`;

export interface Addresses {
  hub: string;
  /** The hub's GET /metrics; each bank serves its own at <bank URL>/metrics. */
  hubMetrics: string;
  /** The hub console's first page; absent when it is off. */
  hubConsole?: string;
  databaseUrl: string;
  kafkaBrokers: string[];
  /** Where the identities are (CODEPIX_PKI); absent with security off. */
  identities?: string;
  /** The banks' operator token's file, which the CLI reads by default. */
  operatorTokenFile: string;
  banks: SeededBank[];
  accounts: SeededAccount[];
}

/** Where the stack keeps its things, for the person reading the banner. */
export interface Whereabouts {
  home: string;
  /** The JSON log's file, or `-` for stderr. */
  log: string;
  /** The address the hub and the banks listen on. */
  listen: string;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

/** What to type next, with the flags this stack needs when it is not on the default addresses. */
export function banner(up: Addresses, where: Whereabouts): string {
  const hubFlag = up.hub === DEFAULT_HUB ? '' : ` --hub ${up.hub}`;
  const urlOf = (ispb: string) => up.banks.find((b) => b.ispb === ispb)?.url ?? '';
  const flag = (name: string, ispb: string) =>
    urlOf(ispb) === defaultBankUrl(ispb) ? '' : ` --${name} ${urlOf(ispb)}`;
  const payer = up.accounts.find((a) => a.ownerTaxId === DEMO_PAYER.ownerTaxId);
  const payerFlag = flag('bank-url', DEMO_PAYER.ispb);
  const creditorFlag = flag('creditor-bank-url', DEMO_PAYEE.ispb);
  const account = payer?.number ?? '<number>';
  const reach = LOOPBACK.includes(where.listen)
    ? 'this machine only (--listen 0.0.0.0 opens the hub and the banks to the network)'
    : `every network on ${where.listen} (the banks' HTTP API is plain HTTP, without TLS)`;
  return [
    'CodePix is up.',
    '',
    keyValues([
      ['hub (gRPC)', up.hub],
      ...up.banks.map((b): [string, string] => [b.name, `${b.url}  (ISPB ${b.ispb}: web app and API)`]),
      ...(up.hubConsole
        ? [
            [
              'hub console',
              `${up.hubConsole}  (log in with the operator token in ${operatorTokenFile(where.home)})`,
            ] as [string, string],
          ]
        : []),
      ['metrics', [up.hubMetrics, ...up.banks.map((b) => `${b.url}/metrics`)].join('  ')],
      ['reachable from', reach],
      ['DATABASE_URL', up.databaseUrl],
      ['KAFKA_BROKERS', up.kafkaBrokers.join(',')],
      [
        'identities',
        up.identities ? `${up.identities}  (the CLI calls as the operator, or as --bank)` : 'security off',
      ],
      ['operator token', `${up.operatorTokenFile}  (the CLI sends it to the banks)`],
      ['data', where.home],
      ['log', where.log === '-' ? 'stderr' : where.log],
    ]),
    '',
    table(
      {
        bank: 'BANK',
        account: 'ACCOUNT',
        owner: 'OWNER',
        taxId: 'TAX ID',
        available: { head: 'AVAILABLE', align: 'right' },
        keys: 'KEYS',
      },
      up.accounts.map((a) => ({
        bank: a.bankName,
        account: `${a.branch}/${a.number}`,
        owner: a.ownerName,
        taxId: a.ownerTaxId,
        available: formatReais(a.available),
        keys: a.keys.join(', '),
      })),
    ),
    '',
    ...logIn(up),
    '',
    'Try, in another terminal in this checkout:',
    `  npx codepix demo${hubFlag}${payerFlag}${creditorFlag}     # one Pix across two banks, step by step`,
    `  npx codepix account balance ${account}${payerFlag}`,
    `  npx codepix transfer send --from ${account} --to ${DEMO_PAYEE_KEY} --amount 12.34 --wait${payerFlag}`,
    `  npx codepix transfer list${hubFlag}`,
    `  npx codepix bank balance ${DEMO_PAYER.ispb}${hubFlag}`,
    up.identities
      ? `  grpcurl -cacert ${up.identities}/operator/ca.pem -cert ${up.identities}/operator/cert.pem -key ${up.identities}/operator/key.pem ${up.hub} list`
      : `  grpcurl -plaintext ${up.hub} list`,
    '  npx codepix --help',
    '',
    'Press Ctrl-C to stop.',
  ].join('\n');
}

/** How a customer in the table logs in to their bank: its URL, their tax id, the demo password. */
function logIn(up: Addresses): string[] {
  const example = up.accounts.find((a) => a.ownerTaxId === DEMO_PAYER.ownerTaxId) ?? up.accounts[0];
  return [
    `Customers log in to their bank's web app (its URL above) with the TAX ID in the table and the password ${DEMO_PASSWORD}:`,
    `  curl -i ${example?.bankUrl ?? '<bank URL>'}/session -H 'content-type: application/json' \\`,
    `    -d '{"taxId":"${example?.ownerTaxId ?? '<tax id>'}","password":"${DEMO_PASSWORD}"}'`,
  ];
}
