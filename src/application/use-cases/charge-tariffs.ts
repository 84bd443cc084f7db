import { InsufficientSettlementFundsError, type TariffPolicy, tariffDay, tariffFor } from '../../domain';
import type { Clock } from '../ports/clock';
import type { TransferUnitOfWork } from '../ports/transfer-unit-of-work';

/** What a round charged, and what it had to leave due. */
export interface TariffRound {
  charged: number;
  /** Banks whose settlement account could not pay a day's tariff: it stays due for the next round. */
  unpaid: string[];
}

/**
 * Settles the tariffs of days gone by, once a day is over (UTC), each bank's from its settlement
 * account: a `tariff` ledger entry per bank and day, charged once whatever the hubs. A bank that cannot
 * pay out of what is available keeps the day due and is charged when it can.
 */
export class ChargeTariffs {
  constructor(
    private readonly clock: Clock,
    private readonly policy: TariffPolicy,
  ) {}

  async execute(uow: TransferUnitOfWork, limit: number): Promise<TariffRound> {
    const now = this.clock.now();
    const due = await uow.dueTariffs(tariffDay(now), limit);
    const round: TariffRound = { charged: 0, unpaid: [] };
    for (const d of due) {
      const amount = tariffFor(d.transfers, this.policy);
      if (!amount.isZero()) {
        try {
          (await uow.settlementAccount(d.ispb)).chargeTariff(amount, d.day, now);
        } catch (error) {
          if (!(error instanceof InsufficientSettlementFundsError)) throw error;
          round.unpaid.push(d.ispb.value);
          continue;
        }
      }
      uow.tariffCharged(d, amount, now);
      round.charged++;
    }
    return round;
  }
}
