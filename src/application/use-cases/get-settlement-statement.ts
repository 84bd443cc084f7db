import { type LedgerEntry, SettlementAccount, type TariffPolicy, tariffFor } from '../../domain';
import type { BankRepository } from '../ports/bank-repository';
import type { SettlementQuery } from '../ports/settlement-query';
import { requireRegisteredBank } from '../require-active-bank';
import { parsePageSize } from './list-transfers';

/** Tariff days shown: a month, so the day charged last shows beside the days still due. */
const TARIFF_DAYS_SHOWN = 31;

export interface TariffDayView {
  day: string;
  transfers: number;
  /** What was charged, or what will be once the day is over. */
  amount: bigint;
  chargedAt?: Date;
}

export interface SettlementStatement {
  account: SettlementAccount;
  entries: LedgerEntry[];
  tariffs: TariffDayView[];
}

/**
 * A bank's settlement account, its latest ledger entries and its tariffs by day: what it owes for the
 * days not charged yet, at the tariff in force, and what it was charged for the others.
 */
export class GetSettlementStatement {
  constructor(
    private readonly banks: BankRepository,
    private readonly settlements: SettlementQuery,
    private readonly tariff: TariffPolicy,
  ) {}

  async execute(input: { ispb: unknown; limit?: number }): Promise<SettlementStatement> {
    const { ispb } = await requireRegisteredBank(this.banks, input.ispb);
    const limit = parsePageSize(input.limit, 'limit');
    const [account, entries, days] = await Promise.all([
      this.settlements.find(ispb),
      this.settlements.entries(ispb, limit),
      this.settlements.tariffs(ispb, TARIFF_DAYS_SHOWN),
    ]);
    const tariffs = days.map((d) => ({
      day: d.day,
      transfers: d.transfers,
      amount: (d.charged?.amount ?? tariffFor(d.transfers, this.tariff)).cents,
      chargedAt: d.charged?.at,
    }));
    return { account: account ?? SettlementAccount.open(ispb), entries, tariffs };
  }
}
