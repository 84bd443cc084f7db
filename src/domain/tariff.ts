import { assert } from './assert';
import { Money } from './money';

/**
 * What the hub charges a participant for the transfers it sends, as the BCB charges its participants:
 * a price per block of transfers (by default 1 cent per 10), counted per bank and per UTC day, a block
 * begun counting whole. Every transfer or refund that moves money (confirmed) counts for its debtor bank.
 */
export interface TariffPolicy {
  centsPerBlock: bigint;
  transfersPerBlock: number;
}

export const DEFAULT_TARIFF: TariffPolicy = { centsPerBlock: 1n, transfersPerBlock: 10 };

/** The tariff of one day of `transfers`. */
export function tariffFor(transfers: number, policy: TariffPolicy): Money {
  assert(
    Number.isSafeInteger(transfers) && transfers >= 0 && policy.transfersPerBlock >= 1,
    `a tariff of ${transfers} transfers in blocks of ${policy.transfersPerBlock}`,
  );
  const blocks = BigInt(Math.ceil(transfers / policy.transfersPerBlock));
  return Money.fromCents(blocks * policy.centsPerBlock);
}

/** The day a transfer counts on: its settlement's UTC date, `yyyy-MM-dd`. */
export const tariffDay = (at: Date): string => at.toISOString().slice(0, 10);

/** The settlement ledger's idempotency key of one bank's tariff of one day: a day is charged once. */
export const tariffKey = (day: string): string => `tariff:${day}`;
