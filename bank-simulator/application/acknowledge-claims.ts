import { recordClaim } from './claim-batch';
import type { BankTransactionRunner, HubClaims } from './ports';

/** How many stored claims one retry takes up; the rest wait for the next. */
export const ACKNOWLEDGE_BATCH_MAX = 100;

export interface AcknowledgeReport {
  acknowledged: number;
  /** The calls that failed, each to be tried again by the next retry while its claim is still open. */
  failed: { claimId: string; error: string }[];
}

/**
 * As donor, tells the hub the bank has a claim (AcknowledgeClaim, which the hub takes any number of
 * times): the customer's resolution period starts. The hub's answer is recorded at once, so a claim
 * acknowledged is no longer taken up by the retry. A call the hub refuses (the claim was cancelled
 * meanwhile, say) is followed by reading the claim, so the stored state catches up and the retry stops
 * asking; while the hub cannot be reached, both fail and the claim stays open for the next retry.
 */
export class AcknowledgeClaims {
  constructor(
    private readonly ispb: string,
    private readonly uow: BankTransactionRunner,
    private readonly hub: HubClaims,
  ) {}

  /** Acknowledges these claims one by one; a failure is reported, never thrown, and stops no other. */
  async execute(claimIds: readonly string[]): Promise<AcknowledgeReport> {
    const report: AcknowledgeReport = { acknowledged: 0, failed: [] };
    for (const claimId of claimIds) {
      try {
        await recordClaim(this.uow, this.ispb, await this.hub.acknowledgeClaim(claimId));
        report.acknowledged++;
      } catch (error) {
        report.failed.push({ claimId, error: String(error) });
        await this.catchUp(claimId);
      }
    }
    return report;
  }

  /** The stored claims still waiting for this bank's acknowledgement, acknowledged now. */
  async retryStored(): Promise<AcknowledgeReport> {
    const waiting = await this.uow.read((store) =>
      store.claims.awaitingAcknowledgement(ACKNOWLEDGE_BATCH_MAX),
    );
    return this.execute(waiting.map((claim) => claim.id));
  }

  /** The claim as the hub has it now, recorded; nothing when the hub cannot say either. */
  private async catchUp(claimId: string): Promise<void> {
    try {
      await recordClaim(this.uow, this.ispb, await this.hub.getClaim(claimId));
    } catch {
      // The same failure as the acknowledgement's, reported with it; the next retry asks again.
    }
  }
}
