import type { Command } from 'commander';
import { formatReais, parseReais } from './amount';
import { oneOf } from './arguments';
import { connectBank } from './bank-client';
import type { Account, StatementEntry } from './bank-types';
import { globalOptions } from './options';
import { emit, keyValues, shortTime } from './output';
import { table } from './table';
import { ACCOUNT_TYPES, KEY_KINDS } from './views';

/**
 * `codepix account ...`: customer accounts at one bank simulator, through its HTTP API. `--json`
 * prints the bank's own JSON unchanged (amounts as strings of cents), so there is one shape per thing.
 */

export const describeAccount = (account: Account) =>
  keyValues([
    ['Account', `${account.branch}/${account.number}`],
    ['Type', account.type],
    ['Owner', `${account.ownerName} (${account.ownerTaxId})`],
    ['Status', account.status],
    ['Balance', formatReais(account.balance)],
    ['Held', formatReais(account.held)],
    ['Available', formatReais(account.available)],
  ]);

interface OpenOptions {
  ownerName: string;
  ownerTaxId: string;
  type?: string;
  branch?: string;
}

const json = (command: Command) => globalOptions(command).json;
/** The bank named by the global --bank-url (or CODEPIX_BANK_URL). */
const bankOf = (command: Command) =>
  connectBank(globalOptions(command).bankUrl, globalOptions(command).operatorToken);

const accountsTable = (accounts: Account[]) =>
  accounts.length === 0
    ? 'no accounts'
    : table(
        {
          account: 'ACCOUNT',
          type: 'TYPE',
          owner: 'OWNER',
          status: 'STATUS',
          available: { head: 'AVAILABLE', align: 'right' },
        },
        accounts.map((a) => ({
          account: `${a.branch}/${a.number}`,
          type: a.type,
          owner: a.ownerName,
          status: a.status,
          available: formatReais(a.available),
        })),
      );

const statementTable = (entries: StatementEntry[]) =>
  table(
    {
      at: 'AT',
      kind: 'KIND',
      amount: { head: 'AMOUNT', align: 'right' },
      balanceAfter: { head: 'BALANCE AFTER', align: 'right' },
      endToEndId: 'END-TO-END ID',
    },
    entries.map((e) => ({
      at: shortTime(e.at),
      kind: e.kind,
      amount: `${e.kind === 'debit' ? '-' : '+'}${formatReais(e.amount)}`,
      balanceAfter: formatReais(e.balanceAfter),
      endToEndId: e.endToEndId ?? '-',
    })),
  );

const numberArgument = ['<number>', 'account number'] as const;

export function addAccountCommands(program: Command): void {
  const account = program
    .command('account')
    .description(
      "a bank's customer accounts and their Pix keys (talks to the bank at --bank-url, not the hub)",
    );

  account
    .command('open')
    .description('open an account; the bank assigns its number')
    .requiredOption('--owner-name <name>', "owner's name")
    .requiredOption('--owner-tax-id <id>', "owner's CPF (11 digits) or CNPJ (14 digits)")
    .addOption(oneOf('--type <type>', 'account type (bank default: CACC)', Object.keys(ACCOUNT_TYPES)))
    .option('--branch <branch>', 'branch, 1-4 digits (bank default: 0001)')
    .action(async (opts: OpenOptions, command: Command) => {
      const opened = await bankOf(command).openAccount(opts);
      emit(json(command), opened, () => describeAccount(opened));
    });

  account
    .command('list')
    .description('list the accounts of the bank')
    .action(async (_opts: object, command: Command) => {
      const accounts = await bankOf(command).listAccounts();
      emit(json(command), accounts, () => accountsTable(accounts));
    });

  account
    .command('deposit')
    .description('deposit money (cash at the counter: no Pix involved)')
    .argument(...numberArgument)
    .argument('<amount>', 'amount in reais, e.g. 12.34', parseReais)
    .action(async (number: string, amount: bigint, _opts: object, command: Command) => {
      const updated = await bankOf(command).deposit(number, amount);
      emit(json(command), updated, () => `deposited ${formatReais(amount)}\n${describeAccount(updated)}`);
    });

  account
    .command('balance')
    .description('show an account: balance, amount held for transfers in flight, and available amount')
    .argument(...numberArgument)
    .action(async (number: string, _opts: object, command: Command) => {
      const found = await bankOf(command).getAccount(number);
      emit(json(command), found, () => describeAccount(found));
    });

  account
    .command('statement')
    .description("list an account's entries, oldest first")
    .argument(...numberArgument)
    .action(async (number: string, _opts: object, command: Command) => {
      const entries = await bankOf(command).statement(number);
      emit(json(command), entries, () =>
        entries.length === 0 ? `no entries for account ${number}` : statementTable(entries),
      );
    });

  account
    .command('close')
    .description('close an account; it keeps its history')
    .argument(...numberArgument)
    .action(async (number: string, _opts: object, command: Command) => {
      const closed = await bankOf(command).closeAccount(number);
      emit(json(command), closed, () => describeAccount(closed));
    });

  const key = account
    .command('key')
    .description("an account's Pix keys (the bank registers them at the hub)");

  key
    .command('add')
    .description('register a Pix key for the account')
    .argument(...numberArgument)
    .addOption(oneOf('--kind <kind>', 'kind of key', Object.keys(KEY_KINDS)).makeOptionMandatory())
    .option('--key <value>', 'the key; none for evp (the hub makes one)')
    .action(async (number: string, opts: { kind: string; key?: string }, command: Command) => {
      const added = await bankOf(command).addKey(number, { kind: opts.kind, key: opts.key });
      emit(json(command), added, () => `added ${added.kind} key ${added.key} to account ${number}`);
    });

  key
    .command('list')
    .description("list the account's active keys")
    .argument(...numberArgument)
    .action(async (number: string, _opts: object, command: Command) => {
      const keys = await bankOf(command).listKeys(number);
      emit(json(command), keys, () =>
        keys.length === 0
          ? `no keys for account ${number}`
          : table(
              { key: 'KEY', kind: 'KIND', createdAt: 'CREATED' },
              keys.map((k) => ({ key: k.key, kind: k.kind, createdAt: shortTime(k.createdAt ?? null) })),
            ),
      );
    });
}
