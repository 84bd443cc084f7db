import {
  type AccountRef,
  DESCRIPTION_CHARS_MAX,
  EndToEndId,
  InsufficientSettlementFundsError,
  Ispb,
  isRefundReason,
  Money,
  parseAccountRef,
  type RefundOf,
  type RejectionReason,
  refundRefusal,
  Transfer,
  ValidationError,
} from '../../domain';
import { type Outcome } from '../outcome';
import type { BankRepository } from '../ports/bank-repository';
import type { Clock } from '../ports/clock';
import type { Hasher } from '../ports/hasher';
import type { TransferUnitOfWork } from '../ports/transfer-unit-of-work';
import { boundedText, startRequest } from '../start-request';
import type { TransferPolicy } from '../transfer-policy';

export interface RefundRequestInput {
  endToEndId: string;
  debtorIspb: string;
  debtorAccount?: { branch?: string; number?: string; ownerName?: string };
  amount: bigint;
  description: string;
  refund: { originalEndToEndId: string; reason: string };
}

interface ParsedRefund {
  id: EndToEndId;
  debtorIspb: Ispb;
  debtorAccount: AccountRef;
  amount: Money;
  description: string;
  refundOf: RefundOf;
}

type Decision =
  | { accepted: true; original: Transfer }
  | { accepted: false; original?: Transfer; reason: RejectionReason; detail: string };

/**
 * A refund (devolução) from `codepix.transactions`: the creditor bank of a completed transfer returns
 * all or part of it to the original's debtor account. It is a transfer the other way, under its own `D`
 * id, and moves as one: reserved on the refunding bank's settlement account, pending with a deadline,
 * confirmed by the original's debtor bank. The relay locks the original with it, so refunds of one
 * transfer are decided one at a time and never add up past its amount.
 */
export class RequestRefund {
  constructor(
    private readonly banks: BankRepository,
    private readonly hasher: Hasher,
    private readonly clock: Clock,
    /** A refund is bounded by its original, not by the per-transfer limit; it has the same deadline. */
    private readonly policy: Pick<TransferPolicy, 'deadlineMs'>,
  ) {}

  async execute(uow: TransferUnitOfWork, input: RefundRequestInput): Promise<Outcome> {
    const started = await startRequest(uow, this.banks, parseRefund(input), input.debtorIspb, (r) =>
      this.hasher.sha256(canonicalRefund(r)),
    );
    if ('outcome' in started) return started.outcome;
    const { request, debtor, payloadHash } = started;
    const now = this.clock.now();
    const decision = debtor.active
      ? await this.decide(uow, request, now)
      : refuse('DEBTOR_BANK_NOT_ACTIVE', `debtor_ispb: bank ${request.debtorIspb} is inactive`);
    // Its creditor is the original's debtor: known whenever the original is.
    const creditor = decision.original && {
      ispb: decision.original.snapshot.debtorIspb,
      account: decision.original.snapshot.debtorAccount,
    };
    const refund = Transfer.open(
      {
        id: request.id,
        debtorIspb: request.debtorIspb,
        debtorAccount: request.debtorAccount,
        creditorKey: '',
        creditorIspb: creditor?.ispb,
        creditorAccount: creditor?.account,
        amount: request.amount,
        description: request.description,
        refundOf: request.refundOf,
        deadline: decision.accepted ? new Date(now.getTime() + this.policy.deadlineMs) : undefined,
        createdAt: now,
      },
      `bank:${request.debtorIspb.value}`,
    );
    uow.addTransfer(refund, payloadHash);
    if (decision.accepted && creditor) {
      uow.send(creditor.ispb, { type: 'transfer', transfer: refund });
      return 'applied';
    }
    if (!decision.accepted) refund.reject(decision.reason, now, 'hub', decision.detail);
    uow.send(request.debtorIspb, { type: 'transfer', transfer: refund });
    return 'applied';
  }

  /** The refund rules (refundRefusal), then the reservation, once all else holds. */
  private async decide(uow: TransferUnitOfWork, request: ParsedRefund, now: Date): Promise<Decision> {
    const originalId = request.refundOf.originalId.value;
    const stored = await uow.findTransfer(originalId);
    if (!stored) {
      return refuse('ORIGINAL_NOT_FOUND', `refund.original_end_to_end_id: no transfer ${originalId}`);
    }
    const original = stored.transfer;
    const refundedSoFar = await uow.refundedSoFar(original);
    const refused = refundRefusal(original, {
      refunder: request.debtorIspb,
      refunderAccount: request.debtorAccount,
      amount: request.amount,
      at: now,
      refundedSoFar,
    });
    if (refused) return { accepted: false, original, ...refused };
    const account = await uow.settlementAccount(request.debtorIspb);
    try {
      account.reserve(request.id.value, request.amount, now);
      return { accepted: true, original };
    } catch (error) {
      if (!(error instanceof InsufficientSettlementFundsError)) throw error;
      return { accepted: false, original, reason: 'INSUFFICIENT_SETTLEMENT_FUNDS', detail: error.message };
    }
  }
}

function refuse(reason: RejectionReason, detail: string): Decision {
  return { accepted: false, reason, detail };
}

function parseRefund(input: RefundRequestInput): ParsedRefund | ValidationError {
  try {
    const id = EndToEndId.create(input.endToEndId, 'end_to_end_id');
    if (id.kind !== 'refund') throw new ValidationError('end_to_end_id', 'a refund’s id starts with D');
    const debtorIspb = Ispb.create(input.debtorIspb, 'debtor_ispb');
    if (!id.debtorIspb.equals(debtorIspb)) {
      throw new ValidationError('end_to_end_id', `must carry the refunding bank's ISPB ${debtorIspb}`);
    }
    const originalId = EndToEndId.create(input.refund.originalEndToEndId, 'refund.original_end_to_end_id');
    if (originalId.kind !== 'transfer') {
      throw new ValidationError('refund.original_end_to_end_id', 'a refund cannot be refunded');
    }
    const { reason } = input.refund;
    if (!isRefundReason(reason))
      throw new ValidationError('refund.reason', 'must be MD06, BE08, FR01 or SL02');
    const amount = Money.fromCents(input.amount, 'amount');
    if (amount.isZero()) throw new ValidationError('amount', 'must be at least 0.01');
    return {
      id,
      debtorIspb,
      debtorAccount: parseAccountRef(input.debtorAccount, 'debtor_account'),
      amount,
      description: boundedText(input.description ?? '', 'description', DESCRIPTION_CHARS_MAX),
      refundOf: { originalId, reason },
    };
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
}

/** The fingerprint of a refund request, as a transfer's: what was asked, not how it was spelled. */
function canonicalRefund(r: ParsedRefund): string {
  return JSON.stringify([
    r.debtorIspb.value,
    r.debtorAccount.branch,
    r.debtorAccount.number,
    r.refundOf.originalId.value,
    r.refundOf.reason,
    r.amount.cents.toString(),
    r.description,
  ]);
}
