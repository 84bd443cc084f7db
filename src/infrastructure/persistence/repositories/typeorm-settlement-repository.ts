import type { DataSource, EntityManager } from 'typeorm';
import type { SettlementRepository } from '../../../application/ports/settlement-repository';
import type { Ispb, LedgerEntry, Money, SettlementAccount } from '../../../domain';
import { type LedgerRow, ledgerEntryFromRow, type SettlementRow, settlementFromRow } from '../transfer-rows';

/** The bank's account, opened empty if it has none, locked until the transaction ends. */
async function lockOpening(m: EntityManager, ispb: Ispb): Promise<SettlementAccount> {
  await m.query('INSERT INTO settlement_accounts (ispb) VALUES ($1) ON CONFLICT DO NOTHING', [ispb.value]);
  const [row]: SettlementRow[] = await m.query(
    'SELECT ispb, balance, reserved, net_debit_cap FROM settlement_accounts WHERE ispb = $1 FOR UPDATE',
    [ispb.value],
  );
  return settlementFromRow(row);
}

export class TypeOrmSettlementRepository implements SettlementRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(ispb: Ispb): Promise<SettlementAccount | undefined> {
    const rows: SettlementRow[] = await this.dataSource.query(
      'SELECT ispb, balance, reserved, net_debit_cap FROM settlement_accounts WHERE ispb = $1',
      [ispb.value],
    );
    return rows[0] && settlementFromRow(rows[0]);
  }

  async fund(ispb: Ispb, amount: Money, at: Date, idempotencyKey?: string): Promise<SettlementAccount> {
    return this.dataSource.transaction(async (m) => {
      const account = await lockOpening(m, ispb);
      if (idempotencyKey) {
        const used = await m.query('SELECT 1 FROM ledger_entries WHERE ispb = $1 AND idempotency_key = $2', [
          ispb.value,
          idempotencyKey,
        ]);
        if (used.length > 0) return account;
      }
      const entry = account.fund(amount, at);
      await m.query('UPDATE settlement_accounts SET balance = $2 WHERE ispb = $1', [
        ispb.value,
        account.snapshot.balance.toString(),
      ]);
      await m.query(
        `INSERT INTO ledger_entries (ispb, kind, amount, idempotency_key, balance_after, reserved_after, at)
         VALUES ($1, 'fund', $2, $3, $4, $5, $6)`,
        [
          ispb.value,
          amount.cents.toString(),
          idempotencyKey ?? null,
          entry.balanceAfter.toString(),
          entry.reservedAfter.cents.toString(),
          at,
        ],
      );
      return account;
    });
  }

  async modify(ispb: Ispb, change: (account: SettlementAccount) => void): Promise<SettlementAccount> {
    return this.dataSource.transaction(async (m) => {
      const account = await lockOpening(m, ispb);
      change(account);
      const a = account.snapshot;
      await m.query(
        'UPDATE settlement_accounts SET balance = $2, reserved = $3, net_debit_cap = $4 WHERE ispb = $1',
        [ispb.value, a.balance.toString(), a.reserved.cents.toString(), a.netDebitCap.cents.toString()],
      );
      return account;
    });
  }

  async entries(ispb: Ispb): Promise<LedgerEntry[]> {
    const rows: LedgerRow[] = await this.dataSource.query(
      `SELECT ispb, kind, amount, end_to_end_id, balance_after, reserved_after, at
       FROM ledger_entries WHERE ispb = $1 ORDER BY id`,
      [ispb.value],
    );
    return rows.map(ledgerEntryFromRow);
  }
}
