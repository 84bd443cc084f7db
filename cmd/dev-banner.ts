import { formatReais } from './amount';
import { DEMO_PAYEE, DEMO_PAYEE_KEY, DEMO_PAYER, defaultBankUrl } from './demo-data';
import type { SeededAccount, SeededBank } from './dev-seed';
import { keyValues, table } from './output';

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
  databaseUrl: string;
  kafkaBrokers: string[];
  /** Where the identities are (CODEPIX_PKI); absent with security off. */
  identities?: string;
  banks: SeededBank[];
  accounts: SeededAccount[];
}

/** What to type next, with the flags this stack needs when it is not on the default addresses. */
export function banner(up: Addresses): string {
  const hubFlag = up.hub === DEFAULT_HUB ? '' : ` --hub ${up.hub}`;
  const urlOf = (ispb: string) => up.banks.find((b) => b.ispb === ispb)?.url ?? '';
  const flag = (name: string, ispb: string) =>
    urlOf(ispb) === defaultBankUrl(ispb) ? '' : ` --${name} ${urlOf(ispb)}`;
  const payer = up.accounts.find((a) => a.ownerTaxId === DEMO_PAYER.ownerTaxId);
  const payerFlag = flag('bank-url', DEMO_PAYER.ispb);
  const creditorFlag = flag('creditor-bank-url', DEMO_PAYEE.ispb);
  return [
    'CodePix is up.',
    '',
    keyValues([
      ['hub (gRPC)', up.hub],
      ['DATABASE_URL', up.databaseUrl],
      ['KAFKA_BROKERS', up.kafkaBrokers.join(',')],
      [
        'identities',
        up.identities ? `${up.identities}  (the CLI calls as the operator, or as --bank)` : 'security off',
      ],
      ...up.banks.map((b): [string, string] => [b.name, `${b.url}  (ISPB ${b.ispb})`]),
    ]),
    '',
    table(
      { bank: 'BANK', account: 'ACCOUNT', owner: 'OWNER', available: 'AVAILABLE', keys: 'KEYS' },
      up.accounts.map((a) => ({
        bank: a.bankName,
        account: `${a.branch}/${a.number}`,
        owner: a.ownerName,
        available: formatReais(a.available),
        keys: a.keys.join(', '),
      })),
    ),
    '',
    'Try, in another terminal (from this checkout, `npx codepix` or `node dist/cmd/codepix.js`):',
    `  codepix account balance ${payer?.number ?? '<number>'}${payerFlag}`,
    `  codepix transfer send --from ${payer?.number ?? '<number>'} --to ${DEMO_PAYEE_KEY} --amount 12.34 --wait${payerFlag}`,
    `  codepix transfer list${hubFlag}`,
    `  codepix bank balance ${DEMO_PAYER.ispb}${hubFlag}`,
    `  codepix demo${hubFlag}${payerFlag}${creditorFlag}`,
    up.identities
      ? `  grpcurl -cacert ${up.identities}/operator/ca.pem -cert ${up.identities}/operator/cert.pem -key ${up.identities}/operator/key.pem ${up.hub} list`
      : `  grpcurl -plaintext ${up.hub} list`,
    '',
    'Press Ctrl-C to stop.',
  ].join('\n');
}
