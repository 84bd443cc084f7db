import { Counter, Registry } from 'prom-client';
import { RECONCILIATION_REASONS } from '../domain';

/**
 * The hub's Prometheus metrics, in a registry of its own: one per hub, made when it starts (never at
 * import), so two hubs in one process (tests) count apart. Served on /metrics by the HTTP door.
 */
export class HubMetrics {
  readonly registry = new Registry();

  /** Transfers raised for reconciliation, by reason: each needs a person; any increase is an alert. */
  readonly reconciliationAlerts = new Counter({
    name: 'codepix_reconciliation_alerts_total',
    help: 'Transfers raised for reconciliation, by reason (UNKNOWN_TRANSFER, ACK_OVERDUE)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Every reason shows from the start at 0, so an alert rule sees the first increase.
    for (const reason of RECONCILIATION_REASONS) this.reconciliationAlerts.inc({ reason }, 0);
  }
}
