import {
  FUNDING_IDEMPOTENCY_KEY_CHARS_MAX,
  Ispb,
  Money,
  SETTLEMENT_CENTS_MAX,
  type SettlementAccount,
  ValidationError,
} from '../../domain';
import type { BankRepository } from '../ports/bank-repository';
import type { Clock } from '../ports/clock';
import type { TransferUnitOfWork } from '../ports/transfer-unit-of-work';
import { requireActiveBank } from '../require-active-bank';

export interface FundSettlementAccountInput {
  ispb: unknown;
  amount: unknown;
  /** Optional; an empty string means none (the proto default). The same key funds once. */
  idempotencyKey?: string;
}

/**
 * An admin adds central-bank money to a bank's settlement account, opening it if the bank was never
 * funded, in the unit of work transfers settle in: the account is locked as a transfer locks it. With
 * an idempotency key already used for the bank, nothing changes and the account is returned as it is.
 */
export class FundSettlementAccount {
  constructor(
    private readonly banks: BankRepository,
    private readonly clock: Clock,
  ) {}

  async execute(uow: TransferUnitOfWork, input: FundSettlementAccountInput): Promise<SettlementAccount> {
    // The whole request is validated first, then the bank's standing, as in the directory calls.
    const ispb = Ispb.create(input.ispb);
    const amount = Money.fromCents(input.amount, 'amount');
    if (amount.isZero()) throw new ValidationError('amount', 'must be at least 1 cent');
    if (amount.cents > SETTLEMENT_CENTS_MAX) {
      throw new ValidationError('amount', `must be at most ${SETTLEMENT_CENTS_MAX}`);
    }
    const key = parseIdempotencyKey(input.idempotencyKey);
    await requireActiveBank(this.banks, ispb.value);
    const account = await uow.settlementAccount(ispb);
    if (key !== undefined && (await uow.fundingKeyUsed(ispb, key))) return account;
    account.fund(amount, this.clock.now(), key);
    return account;
  }
}

function parseIdempotencyKey(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  // Control characters have no place in a key, and NUL cannot even be stored (Postgres text).
  if (
    typeof value !== 'string' ||
    value.length > FUNDING_IDEMPOTENCY_KEY_CHARS_MAX ||
    /\p{Cc}/u.test(value)
  ) {
    throw new ValidationError(
      'idempotency_key',
      `must be text of at most ${FUNDING_IDEMPOTENCY_KEY_CHARS_MAX} characters, without control characters`,
    );
  }
  return value;
}
