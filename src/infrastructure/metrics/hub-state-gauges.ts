import type { DataSource } from 'typeorm';
import type { ScrapeReads } from '../../../lib/observability/scrape-reads';

/** The claim statuses that hold a key: at most one such claim per key (uq_claims_open_key). */
const OPEN_CLAIM_STATUSES = ['open', 'waiting_resolution', 'confirmed'] as const;
/** The transfer statuses that are not final: each is served by a partial index. */
const OPEN_TRANSFER_STATUSES = ['pending', 'confirmed'] as const;

/**
 * One statement, one snapshot: the settlement accounts (one row a bank), the claims holding a key and
 * the transfers not yet final, each count over a partial index. Amounts as text: cents in a bigint.
 */
const HUB_STATE_SQL = `
  SELECT
    (SELECT coalesce(json_agg(json_build_object(
        'ispb', ispb, 'balance', balance::text, 'reserved', reserved::text, 'cap', net_debit_cap::text)), '[]')
      FROM settlement_accounts) AS settlement,
    (SELECT coalesce(json_object_agg(status, n), '{}') FROM (
        SELECT status, count(*) AS n FROM claims
        WHERE status IN ('open', 'waiting_resolution', 'confirmed') GROUP BY status) c) AS claims,
    (SELECT count(*) FROM transactions WHERE status = 'pending')::float8 AS pending,
    (SELECT count(*) FROM transactions WHERE status = 'confirmed')::float8 AS confirmed`;

interface HubState {
  settlement: { ispb: string; balance: string; reserved: string; cap: string }[];
  claims: Record<string, string | number>;
  pending: number;
  confirmed: number;
}

/** Reais, as a dashboard shows money: settlement amounts are far below 2^53 cents. */
const reais = (cents: string) => Number(cents) / 100;

const perBank = (field: 'balance' | 'reserved' | 'cap') => (state: HubState) =>
  state.settlement.map((s) => ({ labels: { ispb: s.ispb }, value: reais(s[field]) }));

/**
 * The hub's state as an operator watches it, read from Postgres when scraped: each bank's settlement
 * position against its net debit cap (a bank may owe the system up to its cap: balance - reserved
 * never goes below -cap, and a transfer that would take it there is rejected), the claims holding a
 * key, and the transfers still in flight.
 */
export function addHubStateGauges(reads: ScrapeReads, dataSource: DataSource): void {
  const read = async () => ((await dataSource.query(HUB_STATE_SQL)) as HubState[])[0];
  reads.add('hub_state', read, [
    {
      name: 'codepix_settlement_balance_brl',
      help: "A bank's settlement account balance at the hub, in reais (negative: it owes the system)",
      labelNames: ['ispb'],
      samples: perBank('balance'),
    },
    {
      name: 'codepix_settlement_reserved_brl',
      help: "What a bank's transfers in flight hold of its settlement account, in reais",
      labelNames: ['ispb'],
      samples: perBank('reserved'),
    },
    {
      name: 'codepix_settlement_net_debit_cap_brl',
      help: 'How far below zero balance - reserved may go for a bank, in reais',
      labelNames: ['ispb'],
      samples: perBank('cap'),
    },
    {
      name: 'codepix_claims_open',
      help: 'Key claims that hold their key (not yet completed or cancelled), by status',
      labelNames: ['status'],
      samples: (state) =>
        OPEN_CLAIM_STATUSES.map((status) => ({
          labels: { status },
          value: Number(state.claims[status] ?? 0),
        })),
    },
    {
      name: 'codepix_transfers_open',
      help: 'Transfers not yet final at the hub, by status (pending, confirmed awaiting the ack)',
      labelNames: ['status'],
      samples: (state) =>
        OPEN_TRANSFER_STATUSES.map((status) => ({ labels: { status }, value: state[status] })),
    },
  ]);
}
