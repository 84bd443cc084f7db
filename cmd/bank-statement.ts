import { type Command, Option } from 'commander';
import { PAGE_SIZE_MAX } from '../src/domain/limits';
import type { SettlementStatement } from '../src/gen/codepix/v1/transfer';
import { formatReais } from './amount';
import { parseCount } from './arguments';
import { withHub } from './hub-client';
import { globalOptions } from './options';
import { emit } from './output';
import { table } from './table';
import { type SettlementAccountView, settlementAccountView } from './transfer-view';

/** What `--json` prints for a settlement statement. Amounts are strings of cents. */
export interface StatementView {
  account: SettlementAccountView;
  tariffs: { day: string; transfers: number; amount: string; chargedAt: string | null }[];
  entries: {
    kind: string;
    amount: string;
    endToEndId: string;
    reference: string;
    balanceAfter: string;
    at: string | null;
  }[];
}

export const statementView = (s: SettlementStatement): StatementView => ({
  account: settlementAccountView(
    s.account ?? { ispb: '', balance: 0n, reserved: 0n, netDebitCap: 0n, available: 0n },
  ),
  tariffs: s.tariffs.map((t) => ({
    day: t.day,
    transfers: t.transfers,
    amount: t.amount.toString(),
    chargedAt: t.chargedAt?.toISOString() ?? null,
  })),
  entries: s.entries.map((e) => ({
    kind: e.kind,
    amount: e.amount.toString(),
    endToEndId: e.endToEndId,
    reference: e.reference,
    balanceAfter: e.balanceAfter.toString(),
    at: e.at?.toISOString() ?? null,
  })),
});

/** The statement for people: the balance, the tariff days, then the ledger, newest first. */
export function describeStatement(s: StatementView): string {
  const { account } = s;
  const head = `${account.ispb}  balance ${formatReais(account.balance)}, reserved ${formatReais(account.reserved)}, available ${formatReais(account.available)}`;
  const tariffs = table(
    {
      day: 'DAY',
      transfers: { head: 'TRANSFERS', align: 'right' },
      amount: { head: 'TARIFF', align: 'right' },
      state: 'STATE',
    },
    s.tariffs.map((t) => ({
      day: t.day,
      transfers: String(t.transfers),
      amount: formatReais(t.amount),
      state: t.chargedAt ? `charged ${t.chargedAt}` : 'due',
    })),
  );
  const entries = table(
    {
      at: 'AT',
      kind: 'KIND',
      amount: { head: 'AMOUNT', align: 'right' },
      about: 'FOR',
      balance: { head: 'BALANCE', align: 'right' },
    },
    s.entries.map((e) => ({
      at: e.at ?? '',
      kind: e.kind,
      amount: formatReais(e.amount),
      about: e.endToEndId || e.reference,
      balance: formatReais(e.balanceAfter),
    })),
  );
  return [head, '', tariffs, '', entries].join('\n');
}

/** `codepix bank statement <ispb>`: a settlement account's ledger and tariffs. */
export function addBankStatementCommand(bank: Command): void {
  bank
    .command('statement')
    .description(
      "show a bank's settlement statement at the hub: its balance, its tariffs by day (charged, or due " +
        'once the day is over) and its latest ledger entries, newest first',
    )
    .argument('<ispb>', "the bank's ISPB, 8 digits")
    .addOption(
      new Option('--limit <n>', 'ledger entries to show')
        .default(50)
        .argParser((raw) => parseCount(raw, PAGE_SIZE_MAX)),
    )
    .action(async (ispb: string, opts: { limit: number }, command: Command) => {
      const { hub, json } = globalOptions(command);
      const statement = statementView(
        await withHub(hub, (client) => client.getSettlementStatement(ispb, opts.limit)),
      );
      emit(json, statement, () => describeStatement(statement));
    });
}
