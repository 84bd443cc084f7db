import type { Logger } from '../../lib/observability/logger';
import type { Actor } from '../application/ports/transfer-unit-of-work';
import type { Transfer } from '../domain';
import type { HubMetrics } from './metrics/hub-metrics';

/** A transfer raised for reconciliation in a unit of work, with who raised it and why. */
export interface RaisedReconciliation {
  transfer: Transfer;
  raisedBy: Actor;
  detail: string;
}

/**
 * Tells people about transfers raised for reconciliation: an error-level log line with what they need
 * to act (the end-to-end id, both banks, the amount) and the alert counter. Called only after the unit
 * of work that raised them has committed, so a rolled-back batch raises no false alarm.
 */
export class ReconciliationAlarm {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: HubMetrics,
  ) {}

  report(raised: readonly RaisedReconciliation[]): void {
    for (const { transfer, raisedBy, detail } of raised) {
      const t = transfer.snapshot;
      const reason = t.reconciliation?.reason;
      if (!reason) throw new Error(`transfer ${t.id} reported without a reconciliation`);
      this.logger.error('transfer raised for reconciliation', {
        endToEndId: t.id.value,
        reason,
        status: t.status,
        debtorIspb: t.debtorIspb.value,
        creditorIspb: t.creditorIspb?.value,
        amount: t.amount.cents.toString(),
        raisedBy,
        detail,
      });
      this.metrics.reconciliationAlerts.inc({ reason });
    }
  }
}
