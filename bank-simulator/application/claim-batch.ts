import { BankClaim } from '../domain';
import type { Notice } from './message-batch';
import type { HubClaim } from './messages';
import type { BankTransactionRunner, BankUnitOfWork } from './ports';

/**
 * The hub's claim as this bank records it: its account on each side it is on, and the other side's bank.
 * Undefined when the bank is on neither side (the claim is not its business).
 */
function toBankClaim(ispb: string, claim: HubClaim): BankClaim | undefined {
  const isClaimer = claim.claimer.ispb === ispb;
  const isDonor = claim.donor.ispb === ispb;
  if (!isClaimer && !isDonor) return undefined;
  return BankClaim.of({
    id: claim.id,
    kind: claim.kind,
    keyKind: claim.keyKind,
    key: claim.key,
    status: claim.status,
    reason: claim.reason,
    claimerAccount: isClaimer ? claim.claimer.number : undefined,
    donorAccount: isDonor ? claim.donor.number : undefined,
    counterpartyIspb: isClaimer ? claim.donor.ispb : claim.claimer.ispb,
    resolutionEndsAt: claim.resolutionEndsAt,
    createdAt: claim.createdAt,
    updatedAt: claim.updatedAt,
  });
}

/**
 * States of claims heard from the hub within one unit of work (a batch of notices, or the answer to a
 * call): the stored records of their ids are loaded and locked once, each state replaces the record only
 * if it supersedes it (so a late or repeated one changes nothing), and the winners are written back.
 */
export class ClaimBatch {
  readonly notices: Notice[] = [];
  private readonly stored = new Map<string, BankClaim>();
  private readonly changed = new Set<string>();

  constructor(private readonly ispb: string) {}

  async load(tx: BankUnitOfWork, ids: readonly string[]): Promise<void> {
    for (const [id, claim] of await tx.claims.lock([...new Set(ids)])) this.stored.set(id, claim);
  }

  /** Records the claim's state, unless older than the one stored; `messageId` names where it came from. */
  put(claim: HubClaim, messageId: string): void {
    const record = toBankClaim(this.ispb, claim);
    if (!record) {
      this.notices.push({
        level: 'warn',
        message: 'claim notice for a claim this bank is party to on neither side ignored',
        messageId,
        claimId: claim.id,
      });
      return;
    }
    if (!record.supersedes(this.stored.get(record.id))) return;
    this.stored.set(record.id, record);
    this.changed.add(record.id);
  }

  /** The claims this batch left open with this bank as donor: the hub waits for the bank to acknowledge. */
  toAcknowledge(): string[] {
    return [...this.changed].filter((id) => this.stored.get(id)?.awaitsAcknowledgement);
  }

  async save(tx: BankUnitOfWork): Promise<void> {
    await tx.claims.save([...this.changed].map((id) => this.stored.get(id) as BankClaim));
  }
}

/** Records the hub's answer to a call of this bank's, in a unit of work of its own, as a notice of it is. */
export async function recordClaim(uow: BankTransactionRunner, ispb: string, claim: HubClaim): Promise<void> {
  await uow.run(async (tx) => {
    const batch = new ClaimBatch(ispb);
    await batch.load(tx, [claim.id]);
    batch.put(claim, `answer to a call on claim ${claim.id}`);
    await batch.save(tx);
  });
}
