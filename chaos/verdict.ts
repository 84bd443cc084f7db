import { checkInvariants } from '../stack/invariants';
import { type Audit, audit } from './audit';
import { auditClaims, type ClaimAudit, type ClaimRecord } from './claims';
import type { FaultRecord } from './faults';
import { auditInboxes, type InboxAudit } from './inbox-audit';
import type { TransferRecord } from './load';
import type { RefundRecord } from './refunds';
import type { Settled } from './settle';
import type { ChaosStack } from './stack';

/** What the audit of a run found, each part for the report, and every violation in one list. */
export interface Verdict {
  found: Audit;
  inbox: InboxAudit;
  claims: ClaimAudit;
  violations: string[];
}

/**
 * Once the run has drained (or given up): the invariants I1-I6 across every database, I5 across every
 * topic, each transfer, refund and claim followed to its end, and what the load and the faults could not
 * do. Nothing it finds is thrown: it all goes into `violations`.
 */
export async function judgeRun(
  stack: ChaosStack,
  run: {
    settled: Settled;
    plan: TransferRecord[];
    refunds: RefundRecord[];
    claims: ClaimRecord[];
    faults: FaultRecord[];
  },
): Promise<Verdict> {
  const { settled, plan, refunds, faults } = run;
  const violations: string[] = [];
  if (!settled.settled) violations.push(`DRAIN: still in flight: ${settled.open.join('; ')}`);
  const bankDbs = stack.banks.map((b) => ({ ispb: b.ispb, databaseUrl: b.databaseUrl }));
  violations.push(...(await checkInvariants(stack.hubDatabaseUrl, bankDbs)));
  const inbox: InboxAudit = await auditInboxes(stack).catch((error) => ({
    messages: {},
    deadLetters: {},
    violations: [`I5: could not be checked: ${(error as Error).message}`],
  }));
  violations.push(...inbox.violations);
  const found = await audit(stack, plan, refunds);
  violations.push(...found.refundViolations);
  const claims = await auditClaims(stack.hubDatabaseUrl, run.claims);
  violations.push(...claims.violations);
  for (const [what, sent] of [
    ['transfers', plan],
    ['refunds', refunds],
  ] as const) {
    for (const answer of ['refused', 'unanswered']) {
      const which = sent.filter((t) => t.answer === answer);
      if (which.length > 0) {
        const why = [...new Set(which.map((t) => t.lastError))].slice(0, 3).join('; ');
        violations.push(`LOAD: ${which.length} ${what} ${answer} (${why})`);
      }
    }
  }
  for (const f of faults.filter((x) => x.error))
    violations.push(`FAULT: ${f.kind} on ${f.target}: ${f.error}`);
  return { found, inbox, claims, violations };
}
