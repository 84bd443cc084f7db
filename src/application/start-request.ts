import { type Bank, charCount, type EndToEndId, Ispb, PreconditionError, ValidationError } from '../domain';
import { type Outcome, refusal } from './outcome';
import type { BankRepository } from './ports/bank-repository';
import type { StoredTransfer, TransferUnitOfWork } from './ports/transfer-unit-of-work';

/*
 * What the two use cases that take a bank's request to move money (request-transfer.ts and
 * request-refund.ts) share: the text check of their fields, and the first steps before either decides.
 */

/** Counted in characters, not UTF-16 units, as the varchar columns count them. */
export function boundedText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || charCount(value) > max) {
    throw new ValidationError(field, `must be text of at most ${max} characters`);
  }
  // Postgres text cannot hold NUL: such a request could be neither stored nor rejected.
  if (value.includes('\u0000')) throw new ValidationError(field, 'must not contain NUL characters');
  return value;
}

/**
 * What every request to move money does first, a transfer or a refund: a malformed one is refused
 * (told to its debtor bank when that is readable and registered), a repeated id is answered, and one
 * from a bank never registered is refused with nobody to tell. What is left goes on to its decision.
 */
export async function startRequest<R extends { id: EndToEndId; debtorIspb: Ispb }>(
  uow: TransferUnitOfWork,
  banks: BankRepository,
  parsed: R | ValidationError,
  rawDebtorIspb: unknown,
  hash: (request: R) => string,
): Promise<{ outcome: Outcome } | { request: R; debtor: Bank; payloadHash: string }> {
  if (parsed instanceof ValidationError) {
    const debtor = Ispb.isValid(rawDebtorIspb) ? await banks.findByIspb(rawDebtorIspb) : undefined;
    return { outcome: refusal(parsed, debtor?.ispb) };
  }
  const payloadHash = hash(parsed);
  const existing = await uow.findTransfer(parsed.id.value);
  if (existing) return { outcome: answerRepeat(uow, parsed, existing, payloadHash) };
  const debtor = await banks.findByIspb(parsed.debtorIspb.value);
  if (!debtor) {
    const message = `bank ${parsed.debtorIspb} is not registered`;
    return { outcome: refusal(new PreconditionError('BANK.NOT_REGISTERED', message)) };
  }
  return { request: parsed, debtor, payloadHash };
}

/** The id was seen before: the same request gets its current state again, another one is refused. */
function answerRepeat(
  uow: TransferUnitOfWork,
  request: { id: EndToEndId; debtorIspb: Ispb },
  existing: StoredTransfer,
  payloadHash: string,
): Outcome {
  if (existing.payloadHash === payloadHash) {
    uow.send(request.debtorIspb, { type: 'transfer', transfer: existing.transfer });
    return 'ignored';
  }
  uow.send(request.debtorIspb, {
    type: 'refused',
    endToEndId: request.id.value,
    reason: 'DUPLICATE_MISMATCH',
    detail: `end_to_end_id: ${request.id} was already used for a different transfer`,
  });
  return 'ignored';
}
