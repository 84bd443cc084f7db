import {
  type AccountRef,
  type Bank,
  CREDITOR_KEY_CHARS_MAX,
  DESCRIPTION_CHARS_MAX,
  EndToEndId,
  InsufficientSettlementFundsError,
  Ispb,
  Money,
  parseAccountRef,
  parseTxid,
  type RejectionReason,
  sameAccountRef,
  Transfer,
  ValidationError,
} from '../../domain';
import type { Outcome } from '../outcome';
import type { BankRepository } from '../ports/bank-repository';
import type { Clock } from '../ports/clock';
import type { Hasher } from '../ports/hasher';
import type { PixKeyRepository } from '../ports/pix-key-repository';
import type { TransferUnitOfWork } from '../ports/transfer-unit-of-work';
import { boundedText, startRequest } from '../start-request';
import type { TransferPolicy } from '../transfer-policy';
import { parseAnyKey } from './find-pix-key';

export interface TransferRequestInput {
  endToEndId: string;
  debtorIspb: string;
  debtorAccount?: { branch?: string; number?: string; ownerName?: string };
  creditorKey: string;
  amount: bigint;
  description: string;
  /** Empty or absent: none. */
  txid?: string;
}

/** What must be valid before anything is stored; the rest becomes a stored rejection. */
interface ParsedRequest {
  id: EndToEndId;
  debtorIspb: Ispb;
  debtorAccount: AccountRef;
  creditorKey: string;
  amount: Money;
  description: string;
  txid?: string;
}

interface Creditor {
  ispb: Ispb;
  account: AccountRef;
}

type Decision =
  | { accepted: true; creditor: Creditor }
  | { accepted: false; creditor?: Creditor; reason: RejectionReason; detail: string };

/**
 * A debtor bank's transfer request, from `codepix.transactions`. A malformed one is refused (nothing to
 * store it under), and the debtor bank is named to hear why when it is registered; one from a bank
 * never registered is refused with nobody to tell. A well-formed one is stored, pending with the amount
 * reserved, or rejected with a reason, and exactly one bank hears about it.
 */
export class RequestTransfer {
  constructor(
    private readonly banks: BankRepository,
    private readonly pixKeys: PixKeyRepository,
    private readonly hasher: Hasher,
    private readonly clock: Clock,
    private readonly policy: TransferPolicy,
  ) {}

  async execute(uow: TransferUnitOfWork, input: TransferRequestInput): Promise<Outcome> {
    const started = await startRequest(uow, this.banks, parseRequest(input), input.debtorIspb, (r) =>
      this.hasher.sha256(canonicalPayload(r)),
    );
    if ('outcome' in started) return started.outcome;
    const { request, debtor, payloadHash } = started;
    const now = this.clock.now();
    const decision = await this.decide(uow, request, debtor, now);
    const transfer = Transfer.open(
      {
        id: request.id,
        debtorIspb: request.debtorIspb,
        debtorAccount: request.debtorAccount,
        creditorKey: request.creditorKey,
        creditorIspb: decision.creditor?.ispb,
        creditorAccount: decision.creditor?.account,
        amount: request.amount,
        description: request.description,
        txid: request.txid,
        deadline: decision.accepted ? new Date(now.getTime() + this.policy.deadlineMs) : undefined,
        createdAt: now,
      },
      `bank:${request.debtorIspb.value}`,
    );
    uow.addTransfer(transfer, payloadHash);
    if (decision.accepted) {
      uow.send(decision.creditor.ispb, { type: 'transfer', transfer });
      return 'applied';
    }
    transfer.reject(decision.reason, now, 'hub', decision.detail);
    uow.send(request.debtorIspb, { type: 'transfer', transfer });
    return 'applied';
  }

  /** The checks in the order their reasons take precedence; the reservation comes last, once all else holds. */
  private async decide(
    uow: TransferUnitOfWork,
    request: ParsedRequest,
    debtor: Bank,
    now: Date,
  ): Promise<Decision> {
    if (!debtor.active) {
      return refuse('DEBTOR_BANK_NOT_ACTIVE', `debtor_ispb: bank ${request.debtorIspb} is inactive`);
    }
    const { amount } = request;
    if (amount.compare(this.policy.maxAmount) > 0) {
      return refuse('AMOUNT_OUT_OF_RANGE', `amount: must be between 0.01 and ${this.policy.maxAmount}`);
    }
    const creditor = await this.resolveKey(request.creditorKey);
    if (typeof creditor === 'string') return refuse('KEY_NOT_FOUND', creditor);
    if (creditor.ispb.equals(request.debtorIspb) && sameAccountRef(creditor.account, request.debtorAccount)) {
      return refuse('SAME_ACCOUNT', 'creditor_key: leads to the debtor account itself', creditor);
    }
    // A bank never funded has an empty account: nothing available, like one spent to zero.
    const account = await uow.settlementAccount(request.debtorIspb);
    try {
      account.reserve(request.id.value, amount, now);
      return { accepted: true, creditor };
    } catch (error) {
      if (!(error instanceof InsufficientSettlementFundsError)) throw error;
      return refuse('INSUFFICIENT_SETTLEMENT_FUNDS', error.message, creditor);
    }
  }

  /** The creditor behind the key, or why there is none. Keys of an inactive bank lead nowhere. */
  private async resolveKey(creditorKey: string): Promise<Creditor | string> {
    let key: string;
    try {
      key = parseAnyKey(creditorKey);
    } catch (error) {
      if (error instanceof ValidationError) return `creditor_key: ${error.message.replace(/^key: /, '')}`;
      throw error;
    }
    const view = await this.pixKeys.findView(key);
    const holder = view && (await this.banks.findByIspb(view.ispb));
    if (!view || !holder?.active) return `creditor_key: no active key ${key}`;
    return {
      ispb: Ispb.create(view.ispb),
      account: { branch: view.branch, number: view.accountNumber, ownerName: view.ownerName },
    };
  }
}

function refuse(reason: RejectionReason, detail: string, creditor?: Creditor): Decision {
  return { accepted: false, reason, detail, creditor };
}

/** The request as value objects, or why it cannot be stored at all. */
function parseRequest(input: TransferRequestInput): ParsedRequest | ValidationError {
  try {
    return parseFields(input);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
}

function parseFields(input: TransferRequestInput): ParsedRequest {
  const id = EndToEndId.create(input.endToEndId, 'end_to_end_id');
  if (id.kind !== 'transfer')
    throw new ValidationError('end_to_end_id', 'a D id names a refund: a transfer starts with E');
  const debtorIspb = Ispb.create(input.debtorIspb, 'debtor_ispb');
  if (!id.debtorIspb.equals(debtorIspb)) {
    throw new ValidationError('end_to_end_id', `must carry the debtor ISPB ${debtorIspb}`);
  }
  const debtorAccount = parseAccountRef(input.debtorAccount, 'debtor_account');
  // A key too long to store could not even be stored as rejected: it is malformed, like a bad id.
  const creditorKey = boundedText(input.creditorKey, 'creditor_key', CREDITOR_KEY_CHARS_MAX);
  const amount = Money.fromCents(input.amount, 'amount');
  if (amount.isZero()) throw new ValidationError('amount', 'must be at least 0.01');
  const description = boundedText(input.description ?? '', 'description', DESCRIPTION_CHARS_MAX);
  const txid = parseTxid(input.txid, 'txid');
  return { id, debtorIspb, debtorAccount, creditorKey, amount, description, txid };
}

/**
 * The fingerprint of what the debtor asked for. The owner name and request time are left out: a bank
 * resending the same transfer may spell the name differently or stamp a new time, and it is still the
 * same transfer. A JSON array keeps field boundaries unambiguous. The txid joins it only when there is
 * one, so a request without one hashes as it did before txids existed.
 */
function canonicalPayload(request: ParsedRequest): string {
  return JSON.stringify([
    request.debtorIspb.value,
    request.debtorAccount.branch,
    request.debtorAccount.number,
    request.creditorKey,
    request.amount.cents.toString(),
    request.description,
    ...(request.txid === undefined ? [] : [request.txid]),
  ]);
}
