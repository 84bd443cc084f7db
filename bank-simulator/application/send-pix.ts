import type { Ispb } from '../../src/domain';
import {
  AccountClosedError,
  AccountNotFoundError,
  BankBusyError,
  BankTransfer,
  IdempotencyMismatchError,
  InsufficientFundsError,
  newEndToEndId,
  PixOrder,
  type PixOrderInput,
  parseIdempotencyKey,
} from '../domain';
import type { AdmissionGate } from './admission';
import {
  type BankStore,
  type BankTransactionRunner,
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
 * Step 1 of a transfer (docs/protocol.md), in one unit of work: hold the money on the customer's
 * account, record the outgoing transfer and put the request to the hub in the outbox. If the hold is
 * refused nothing is recorded and nothing is sent. The hub resolves the key; this bank does not look it up.
 * The common case costs one conditional statement; replays and refusals are looked into only after it.
 * Before it, the admission gate takes a place for the transfer; when it has none (the hub is not keeping
 * up) a replay of an accepted send is still answered as one, and a new send is refused as BANK.BUSY
 * with nothing recorded.
 */
export class SendPix {
  constructor(
    private readonly ispb: Ispb,
    private readonly uow: BankTransactionRunner,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly admission: AdmissionGate,
  ) {}

  async execute(input: PixOrderInput, idempotencyKey: unknown): Promise<SendPixResult> {
    const order = PixOrder.create(input);
    const key = parseIdempotencyKey(idempotencyKey);
    const now = this.clock.now();
    return this.submit(
      BankTransfer.start({
        endToEndId: newEndToEndId(this.ispb, now, this.random.alphanumerics(11)).value,
        direction: 'outgoing',
        account: order.fromAccount,
        counterpartyKey: order.key,
        amount: order.amount,
        description: order.description,
        txid: order.txid,
        idempotencyKey: key,
        fingerprint: order.fingerprint(),
        createdAt: now,
      }),
    );
  }

  /**
   * Sends an outgoing transfer made by a use case (a Pix, a refund): admission, hold and record with
   * its request in the outbox, or the earlier transfer under its Idempotency-Key.
   */
  async submit(transfer: BankTransfer): Promise<SendPixResult> {
    const admission = this.admission.enter();
    if (!admission.admitted) {
      return this.replayOr(transfer, async () => new BankBusyError(admission.retryAfterSeconds));
    }
    let created = false;
    try {
      created = await this.uow.run((tx) => this.start(tx, transfer));
    } catch (error) {
      // The other request has committed: the lookup below sees it and answers as a replay.
      if (!(error instanceof IdempotencyKeyTaken)) throw error;
    } finally {
      // Only a recorded transfer keeps its place, until the hub's final word on it is applied.
      if (!created) this.admission.leave();
    }
    if (created) return { transfer, created };
    return this.replayOr(transfer, (store) => this.whyNotHeld(store, transfer.props.account));
  }

  /** The earlier transfer under this one's key, if there is one; else the error `otherwise` names. */
  private replayOr(
    transfer: BankTransfer,
    otherwise: (store: BankStore) => Promise<Error>,
  ): Promise<SendPixResult> {
    return this.uow.read(async (store) => {
      const earlier = await store.transfers.findByIdempotencyKey(transfer.props.idempotencyKey as string);
      if (!earlier) throw await otherwise(store);
      if (earlier.props.fingerprint !== transfer.props.fingerprint) throw new IdempotencyMismatchError();
      return { transfer: earlier, created: false };
    });
  }

  private async start(tx: BankUnitOfWork, transfer: BankTransfer): Promise<boolean> {
    const held = await tx.transfers.holdAndRecord(transfer);
    if (!held) return false;
    const { branch, number, ownerName } = held.props;
    await tx.appendOutbox([{ kind: 'transfer-request', transfer, debtor: { branch, number, ownerName } }]);
    return true;
  }

  /** The conditional hold says only "no"; the account says why. */
  private async whyNotHeld(store: BankStore, number: string): Promise<Error> {
    const account = await store.accounts.find(number);
    if (!account) return new AccountNotFoundError(number);
    if (!account.isOpen) return new AccountClosedError(number);
    return new InsufficientFundsError(number);
  }
}
