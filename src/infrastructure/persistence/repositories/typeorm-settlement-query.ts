import type { DataSource } from 'typeorm';
import type { SettlementQuery } from '../../../application/ports/settlement-query';
import type { Ispb, LedgerEntry, SettlementAccount } from '../../../domain';
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

  async entries(ispb: Ispb): Promise<LedgerEntry[]> {
    const rows: LedgerRow[] = await this.dataSource.query(
      `SELECT ispb, kind, amount, end_to_end_id, idempotency_key, balance_after, reserved_after, at
       FROM ledger_entries WHERE ispb = $1 ORDER BY id`,
      [ispb.value],
    );
    return rows.map(ledgerEntryFromRow);
  }
}
