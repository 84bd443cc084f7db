import type { DataSource } from 'typeorm';
import type { SettlementQuery, TariffDayRecord } from '../../../application/ports/settlement-query';
import { type Ispb, type LedgerEntry, Money, type SettlementAccount } from '../../../domain';
import { type LedgerRow, ledgerEntryFromRow, type SettlementRow, settlementFromRow } from '../transfer-rows';

export class TypeOrmSettlementQuery implements SettlementQuery {
  constructor(private readonly dataSource: DataSource) {}

  async find(ispb: Ispb): Promise<SettlementAccount | undefined> {
    const rows: SettlementRow[] = await this.dataSource.query(
      'SELECT ispb, balance, reserved, net_debit_cap FROM settlement_accounts WHERE ispb = $1',
      [ispb.value],
    );
    return rows[0] && settlementFromRow(rows[0]);
  }

  async entries(ispb: Ispb, limit: number): Promise<LedgerEntry[]> {
    const rows: LedgerRow[] = await this.dataSource.query(
      `SELECT ispb, kind, amount, end_to_end_id, idempotency_key, balance_after, reserved_after, at
       FROM ledger_entries WHERE ispb = $1 ORDER BY id DESC LIMIT $2`,
      [ispb.value, limit],
    );
    return rows.map(ledgerEntryFromRow);
  }

  async tariffs(ispb: Ispb, limit: number): Promise<TariffDayRecord[]> {
    const rows: { day: string; transfers: number; amount: string | null; charged_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, transfers, amount, charged_at FROM tariff_accruals
         WHERE ispb = $1 ORDER BY day DESC LIMIT $2`,
        [ispb.value, limit],
      );
    return rows.map((r) => ({
      day: r.day,
      transfers: r.transfers,
      charged:
        r.amount !== null && r.charged_at
          ? { amount: Money.fromCents(r.amount), at: r.charged_at }
          : undefined,
    }));
  }
}
