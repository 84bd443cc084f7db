import type { Ispb } from '../../src/domain';
import {
  AccountClosedError,
  AccountNotFoundError,
  BankTransfer,
  IdempotencyMismatchError,
  InsufficientFundsError,
  newEndToEndId,
  PixOrder,
  parseIdempotencyKey,
} from '../domain';
import {
  type BankStore,
  type BankTransaction,
  type BankUnitOfWork,
  type Clock,
  IdempotencyKeyTaken,
  type RandomSource,
} from './ports';

export interface SendPixResult {
  transfer: BankTransfer;
  /** False when the Idempotency-Key named an earlier, identical request: nothing new was done. */
  created: boolean;
}

/**
 * Step 1 of a transfer (DESIGN.md section 4), in one unit of work: hold the money on the customer's
 * account, record the outgoing transfer and put the request to the hub in the outbox. If the hold is
 * refused nothing is recorded and nothing is sent. The hub resolves the key; this bank does not look it up.
 * The common case costs one conditional statement; replays and refusals are looked into only after it.
 */
export class SendPix {
  constructor(
    private readonly ispb: Ispb,
    private readonly uow: BankUnitOfWork,
    private readonly clock: Clock,
    private readonly random: RandomSource,
  ) {}

  async execute(
    input: Parameters<typeof PixOrder.create>[0],
    idempotencyKey: unknown,
  ): Promise<SendPixResult> {
    const order = PixOrder.create(input);
    const key = parseIdempotencyKey(idempotencyKey);
    const now = this.clock.now();
    const transfer = BankTransfer.start({
      endToEndId: newEndToEndId(this.ispb, now, this.random.alphanumerics(11)).value,
      direction: 'outgoing',
      account: order.fromAccount,
      counterpartyKey: order.key,
      amount: order.amount,
      description: order.description,
      idempotencyKey: key,
      fingerprint: order.fingerprint(),
      createdAt: now,
    });
    try {
      if (await this.uow.run((tx) => this.start(tx, transfer))) return { transfer, created: true };
    } catch (error) {
      // The other request has committed: the lookup below sees it and answers as a replay.
      if (!(error instanceof IdempotencyKeyTaken)) throw error;
    }
    return this.uow.read(async (store) => {
      const earlier = await store.transfers.findByIdempotencyKey(key);
      if (earlier) return { transfer: this.replay(earlier, order), created: false };
      throw await this.whyNotHeld(store, order.fromAccount);
    });
  }

  private async start(tx: BankTransaction, transfer: BankTransfer): Promise<boolean> {
    const held = await tx.transfers.holdAndRecord(transfer);
    if (!held) return false;
    const { branch, number, ownerName } = held.props;
    await tx.appendOutbox([{ kind: 'transfer-request', transfer, debtor: { branch, number, ownerName } }]);
    return true;
  }

  private replay(earlier: BankTransfer, order: PixOrder): BankTransfer {
    if (earlier.props.fingerprint !== order.fingerprint()) throw new IdempotencyMismatchError();
    return earlier;
  }

  /** The conditional hold says only "no"; the account says why. */
  private async whyNotHeld(store: BankStore, number: string): Promise<Error> {
    const account = await store.accounts.find(number);
    if (!account) return new AccountNotFoundError(number);
    if (!account.isOpen) return new AccountClosedError(number);
    return new InsufficientFundsError(number);
  }
}
