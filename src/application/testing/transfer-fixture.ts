import { type DomainError, Ispb, Money } from '../../domain';
import { isRefusal, type Outcome } from '../outcome';
import type { TransferUnitOfWork } from '../ports/transfer-unit-of-work';
import type { TransferPolicy } from '../transfer-policy';
import { RequestTransfer, type TransferRequestInput } from '../use-cases/request-transfer';
import { BANK_A, BANK_B, directoryWithRegistration, PERSON } from './directory-fixture';
import {
  FakeHasher,
  InMemorySettlementQuery,
  InMemoryTransferStore,
  type SentNotice,
} from './in-memory-transfer-store';

/** Transfers up to 1,000,000.00; ten seconds for the creditor to answer. */
export const POLICY: TransferPolicy = { maxAmount: Money.fromCents(100_000_000n), deadlineMs: 10_000 };

/** The paying customer at bank A. */
export const DEBTOR_ACCOUNT = { branch: '0001', number: '99999', ownerName: 'Joao Lima' };
/** The key every transfer pays by default: PERSON's account at bank B. */
export const CREDITOR_KEY = 'maria@example.com';
export const CREDITOR_ACCOUNT = { branch: PERSON.branch, number: PERSON.number, ownerName: PERSON.ownerName };

/** The n-th end-to-end id of a debtor bank, minted in the fixture clock's minute (2026-11-21 14:30 UTC). */
export function e2eId(n: number, ispb = BANK_A.ispb): string {
  return `E${ispb}202611211430${n.toString().padStart(11, '0')}`;
}

/** Transfer request #n of 15.00 from DEBTOR_ACCOUNT at bank A to CREDITOR_KEY, with `change` applied. */
export function transferRequest(n = 1, change: Partial<TransferRequestInput> = {}): TransferRequestInput {
  return {
    endToEndId: e2eId(n),
    debtorIspb: BANK_A.ispb,
    debtorAccount: DEBTOR_ACCOUNT,
    creditorKey: CREDITOR_KEY,
    amount: 1500n,
    description: 'lunch',
    ...change,
  };
}

/** The error a use case refused with, failing the spec on any other outcome. */
export async function refusalOf(outcome: Promise<Outcome>): Promise<DomainError> {
  const result = await outcome;
  if (!isRefusal(result)) throw new Error(`expected a refusal, got ${String(result)}`);
  return result.error;
}

/** `to status` for a transfer notice, `to refused REASON` for a refusal: what specs compare. */
export function summary(sent: SentNotice[]): string[] {
  return sent.map(({ to, notice }) =>
    notice.type === 'transfer' ? `${to} ${notice.transfer.status}` : `${to} refused ${notice.reason}`,
  );
}

/**
 * The directory fixture (banks A and B active, C inactive) with CREDITOR_KEY registered at bank B, and an
 * empty transfer store. Every use case runs in a unit of work over it that has prefetched what the relay
 * would for its message (`requestUnit`, `reply`, `sweep`), and fails on reading anything else.
 */
export async function transferFixture() {
  const f = await directoryWithRegistration();
  await f.register('email', CREDITOR_KEY, PERSON, BANK_B.ispb);
  const store = new InMemoryTransferStore(f.banks);
  const settlements = new InMemorySettlementQuery(store);
  const hasher = new FakeHasher();
  const requestTransfer = new RequestTransfer(f.banks, f.pixKeys, hasher, f.clock, POLICY);
  type Work<T> = (uow: TransferUnitOfWork) => Promise<T>;
  /** Runs `work` as the relay runs a request: its transfer and its debtor bank's account prefetched. */
  const requestUnit = <T>(input: TransferRequestInput, work: Work<T>) =>
    store.run(work, { endToEndIds: [input.endToEndId], ispbs: [input.debtorIspb] });
  /** Runs `work` as the relay runs a reply: its transfer, and so its parties' accounts, prefetched. */
  const reply = <T>(endToEndId: string, work: Work<T>) => store.run(work, { endToEndIds: [endToEndId] });
  /** Runs `work` as a sweep round: nothing prefetched, its own queries lock what they return. */
  const sweep = <T>(work: Work<T>) => store.run(work);
  const request = (n = 1, change: Partial<TransferRequestInput> = {}) => {
    const input = transferRequest(n, change);
    return requestUnit(input, (uow) => requestTransfer.execute(uow, input));
  };
  const fund = (ispb: string, cents: bigint) =>
    store.run(async (uow) =>
      (await uow.settlementAccount(Ispb.create(ispb))).fund(Money.fromCents(cents), f.clock.now()),
    );
  /** Funds bank A for exactly this transfer and requests it; returns its id, pending. */
  const pending = async (n = 1, change: Partial<TransferRequestInput> = {}) => {
    const input = transferRequest(n, change);
    await fund(input.debtorIspb, input.amount);
    await requestUnit(input, (uow) => requestTransfer.execute(uow, input));
    const status = store.transfer(input.endToEndId)?.status;
    if (status !== 'pending') throw new Error(`transfer ${input.endToEndId} is ${status}, not pending`);
    return input.endToEndId;
  };
  /** The settlement balance and reservation of a bank, 0 for one never funded. */
  const position = (ispb: string) => {
    const account = store.account(ispb)?.snapshot;
    return { balance: account?.balance ?? 0n, reserved: account?.reserved.cents ?? 0n };
  };
  return {
    ...f,
    store,
    settlements,
    hasher,
    requestTransfer,
    requestUnit,
    reply,
    sweep,
    request,
    fund,
    pending,
    position,
  };
}
