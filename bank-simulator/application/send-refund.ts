import {
  charCount,
  DESCRIPTION_CHARS_MAX,
  EndToEndId,
  type Ispb,
  isRefundReason,
  PreconditionError,
  ValidationError,
} from '../../src/domain';
import {
  BankTransfer,
  newEndToEndId,
  parseAmount,
  parseIdempotencyKey,
  TransferNotFoundError,
} from '../domain';
import type { BankTransactionRunner, Clock, RandomSource } from './ports';
import type { SendPix, SendPixResult } from './send-pix';

export interface RefundOrder {
  amount?: unknown;
  reason?: unknown;
  description?: unknown;
}

/**
 * A customer returns all or part of a Pix they received (a devolução): from the account it credited,
 * back to the account that paid it, under a new `D` id, sent like any Pix (held, recorded, requested
 * through the outbox). This bank checks only that it received the original and credited it; the hub
 * decides the rest (what is left to refund, the 90 days) and rejects a refund that breaks them, which
 * releases the hold.
 */
export class SendRefund {
  constructor(
    private readonly ispb: Ispb,
    private readonly uow: BankTransactionRunner,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly sendPix: SendPix,
  ) {}

  async execute(originalId: unknown, order: RefundOrder, idempotencyKey: unknown): Promise<SendPixResult> {
    const original = EndToEndId.create(originalId, 'endToEndId');
    if (original.kind !== 'transfer') throw new ValidationError('endToEndId', 'a refund cannot be refunded');
    const amount = parseAmount(order.amount);
    const reason = order.reason ?? 'MD06';
    if (!isRefundReason(reason)) throw new ValidationError('reason', 'must be MD06, BE08, FR01 or SL02');
    const description = order.description ?? '';
    if (typeof description !== 'string' || charCount(description) > DESCRIPTION_CHARS_MAX) {
      throw new ValidationError('description', `must be text of at most ${DESCRIPTION_CHARS_MAX} characters`);
    }
    const key = parseIdempotencyKey(idempotencyKey);
    const received = (await this.uow.read((store) => store.transfers.find(original.value))).find(
      (t) => t.direction === 'incoming',
    );
    if (!received) throw new TransferNotFoundError(original.value);
    if (received.status !== 'completed') {
      const message = `transfer ${original.value} is ${received.status}: only a completed one can be refunded`;
      throw new PreconditionError('REFUND.ORIGINAL_NOT_COMPLETED', message);
    }
    const now = this.clock.now();
    return this.sendPix.submit(
      BankTransfer.start({
        endToEndId: newEndToEndId(this.ispb, now, this.random.alphanumerics(11), 'D').value,
        direction: 'outgoing',
        account: received.props.account,
        refundOf: { originalEndToEndId: original.value, reason },
        amount,
        description,
        idempotencyKey: key,
        fingerprint: JSON.stringify(['refund', original.value, amount.cents.toString(), reason, description]),
        createdAt: now,
      }),
    );
  }
}
