import type { Command } from 'commander';
import { pkiLayout } from '../lib/security/identity-files';
import type { Bank } from '../src/gen/codepix/v1/bank';
import { loadConfig } from '../src/infrastructure/config/config';
import { formatReais, parseReais } from './amount';
import { addBankServeCommand } from './bank-serve';
import { addBankStatementCommand } from './bank-statement';
import { enrolBank } from './enrol-bank';
import { callerIdentity, withHub } from './hub-client';
import { globalOptions } from './options';
import { emit, keyValues, shortTime } from './output';
import { table } from './table';
import { type SettlementAccountView, settlementAccountView } from './transfer-view';
import { bankView } from './views';

const describeBank = (bank: Bank) => {
  const view = bankView(bank);
  return keyValues([
    ['ISPB', view.ispb],
    ['Name', view.name],
    ['Active', view.active ? 'yes' : 'no'],
    ['Created', shortTime(view.createdAt)],
  ]);
};

const describeSettlement = (account: SettlementAccountView) =>
  keyValues([
    ['ISPB', account.ispb],
    ['Balance', formatReais(account.balance)],
    ['Reserved', formatReais(account.reserved)],
    ['Net debit cap', formatReais(account.netDebitCap)],
    ['Available', formatReais(account.available)],
  ]);

/** `codepix bank ...`: the hub's participants and their settlement accounts. */
export function addBankCommands(program: Command): void {
  const bank = program.command('bank').description("manage the hub's participant banks");
  addBankServeCommand(bank);
  addBankStatementCommand(bank);

  bank
    .command('register')
    .description(
      'register a bank with the hub (as the operator) and issue its identity: a key pair made here, ' +
        'its certificate from the hub',
    )
    .argument('<ispb>', "the bank's ISPB, 8 digits")
    .argument('<name>', "the bank's name")
    .option(
      '--out <dir>',
      "where to write the bank's key.pem, cert.pem and ca.pem (default: under CODEPIX_PKI)",
    )
    .action(async (ispb: string, name: string, opts: { out?: string }, command: Command) => {
      const { hub, json } = globalOptions(command);
      const operator = callerIdentity(hub);
      if (!operator) {
        const registered = await withHub(hub, (client) => client.registerBank({ ispb, name }));
        return emit(json, bankView(registered), () => describeBank(registered));
      }
      const dir = opts.out ?? pkiLayout(loadConfig().security.pkiDir).bank(ispb);
      const enrolled = await withHub(hub, (client) => enrolBank(client, { ispb, name }, dir, operator.ca));
      const { paths, identity } = enrolled.identity;
      emit(json, { ...bankView(enrolled.bank), identity: { ...paths, serial: identity.serial } }, () =>
        [
          describeBank(enrolled.bank),
          '',
          keyValues([
            ['Certificate', `${paths.cert}  (serial ${identity.serial}${enrolled.issued ? '' : ', kept'})`],
            ['Private key', `${paths.key}  (mode 0600: keep it secret)`],
          ]),
        ].join('\n'),
      );
    });

  bank
    .command('list')
    .description('list the registered banks')
    .action(async (_opts, command: Command) => {
      const { hub, json } = globalOptions(command);
      const banks = (await withHub(hub, (client) => client.listBanks())).map(bankView);
      emit(json, banks, () =>
        banks.length === 0
          ? 'no banks registered'
          : table(
              { ispb: 'ISPB', name: 'NAME', active: 'ACTIVE', createdAt: 'CREATED' },
              banks.map((b) => ({
                ...b,
                active: b.active ? 'yes' : 'no',
                createdAt: shortTime(b.createdAt),
              })),
            ),
      );
    });

  bank
    .command('deactivate')
    .description('deactivate a bank: it keeps its history but can no longer register keys or send transfers')
    .argument('<ispb>', "the bank's ISPB, 8 digits")
    .action(async (ispb: string, _opts, command: Command) => {
      const { hub, json } = globalOptions(command);
      const deactivated = await withHub(hub, (client) => client.deactivateBank(ispb));
      emit(json, bankView(deactivated), () => describeBank(deactivated));
    });

  bank
    .command('fund')
    .description("add central-bank money to a bank's settlement account at the hub")
    .argument('<ispb>', "the bank's ISPB, 8 digits")
    .argument('<amount>', 'amount in reais, e.g. 1000000 or 12.34', parseReais)
    .option('--idempotency-key <key>', 'the same key funds once, however often the command is repeated')
    .action(async (ispb: string, amount: bigint, opts: { idempotencyKey?: string }, command: Command) => {
      const { hub, json } = globalOptions(command);
      const request = { ispb, amount, idempotencyKey: opts.idempotencyKey ?? '' };
      const funded = settlementAccountView(
        await withHub(hub, (client) => client.fundSettlementAccount(request)),
      );
      emit(json, funded, () => describeSettlement(funded));
    });

  bank
    .command('cap')
    .description("set how far below zero a bank's settlement balance may go (0: never below zero)")
    .argument('<ispb>', "the bank's ISPB, 8 digits")
    .argument('<amount>', 'net debit cap in reais, e.g. 50000 or 0', (raw: string) =>
      /^0+(\.0{1,2})?$/.test(raw.trim()) ? 0n : parseReais(raw),
    )
    .action(async (ispb: string, cap: bigint, _opts, command: Command) => {
      const { hub, json } = globalOptions(command);
      const account = settlementAccountView(await withHub(hub, (client) => client.setNetDebitCap(ispb, cap)));
      emit(json, account, () => describeSettlement(account));
    });

  bank
    .command('balance')
    .description(
      "show a bank's settlement account at the hub: balance, reserved for pending transfers, available",
    )
    .argument('<ispb>', "the bank's ISPB, 8 digits")
    .action(async (ispb: string, _opts, command: Command) => {
      const { hub, json } = globalOptions(command);
      const account = settlementAccountView(
        await withHub(hub, (client) => client.getSettlementAccount(ispb)),
      );
      emit(json, account, () => describeSettlement(account));
    });
}
