import { table } from '../cmd/table';

/**
 * Where a transfer's time goes, hop by hop, read from the /metrics of the hub and the banks: a scrape
 * before a phase and one after, and the histograms' difference between them.
 */

interface Series {
  labels: Record<string, string>;
  value: number;
}
export type Scrape = Map<string, Series[]>;

type Filter = Record<string, string>;
const matches = (labels: Record<string, string>, filter: Filter) =>
  Object.entries(filter).every(([k, v]) => labels[k] === v);

const LINE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

export function parseMetrics(text: string): Scrape {
  const out: Scrape = new Map();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m || line.startsWith('#')) continue;
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(LABEL)) labels[k as string] = v as string;
    const list = out.get(m[1] as string) ?? [];
    list.push({ labels, value: Number(m[3]) });
    out.set(m[1] as string, list);
  }
  return out;
}

/** The sum of a metric's series that match `filter`, over the scrapes (0 when there is none). */
export function total(scrapes: readonly Scrape[], name: string, filter: Filter = {}): number {
  let sum = 0;
  for (const scrape of scrapes) {
    for (const s of scrape.get(name) ?? []) if (matches(s.labels, filter)) sum += s.value;
  }
  return sum;
}

/** Every process's metrics at one moment. */
export async function scrapeAll(urls: readonly string[]): Promise<Scrape[]> {
  return Promise.all(
    urls.map(async (url) => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url} answered ${res.status}`);
      return parseMetrics(await res.text());
    }),
  );
}

export interface HopFigure {
  count: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
}

/** A histogram's buckets summed over the scrapes and the series matching `filter`. */
function buckets(scrapes: Scrape[], name: string, filter: Filter) {
  const byLe = new Map<number, number>();
  let sum = 0;
  let count = 0;
  for (const scrape of scrapes) {
    for (const s of scrape.get(`${name}_bucket`) ?? []) {
      if (!matches(s.labels, filter)) continue;
      const le = s.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels.le);
      byLe.set(le, (byLe.get(le) ?? 0) + s.value);
    }
    for (const s of scrape.get(`${name}_sum`) ?? []) if (matches(s.labels, filter)) sum += s.value;
    for (const s of scrape.get(`${name}_count`) ?? []) if (matches(s.labels, filter)) count += s.value;
  }
  return { byLe, sum, count };
}

/** A quantile of cumulative buckets, interpolated inside its bucket as Prometheus does. */
function quantile(cumulative: [number, number][], q: number): number {
  const total = cumulative.at(-1)?.[1] ?? 0;
  if (total === 0) return 0;
  const rank = q * total;
  let [prevLe, prevCount] = [0, 0];
  for (const [le, n] of cumulative) {
    if (n >= rank) {
      if (!Number.isFinite(le)) return prevLe;
      return prevLe + ((le - prevLe) * (rank - prevCount)) / Math.max(n - prevCount, 1);
    }
    [prevLe, prevCount] = [le, n];
  }
  return prevLe;
}

/** One histogram between two moments, summed over processes; seconds given in milliseconds. */
export function hop(before: Scrape[], after: Scrape[], name: string, filter: Filter = {}, scale = 1000) {
  const a = buckets(after, name, filter);
  const b = buckets(before, name, filter);
  const cumulative = [...a.byLe]
    .map(([le, n]): [number, number] => [le, n - (b.byLe.get(le) ?? 0)])
    .sort((x, y) => x[0] - y[0]);
  const count = a.count - b.count;
  return {
    count,
    meanMs: count > 0 ? ((a.sum - b.sum) / count) * scale : 0,
    p50Ms: quantile(cumulative, 0.5) * scale,
    p99Ms: quantile(cumulative, 0.99) * scale,
  } satisfies HopFigure;
}

/** The hops of a transfer in the order it crosses them, with the histogram that measures each. */
export const TRANSFER_HOPS: { hop: string; side: 'hub' | 'banks'; name: string; filter?: Filter }[] = [
  {
    hop: 'bank: HTTP send answered (hold + commit)',
    side: 'banks',
    name: 'codepix_bank_http_request_seconds',
    filter: { route: '/transfers', method: 'POST' },
  },
  { hop: 'bank: database pool wait', side: 'banks', name: 'codepix_db_pool_wait_seconds' },
  { hop: 'bank: outbox write → broker ack', side: 'banks', name: 'codepix_outbox_lag_seconds' },
  { hop: 'bank: outbox send (acks all)', side: 'banks', name: 'codepix_outbox_send_seconds' },
  {
    hop: 'hub: request produced → applied (commit)',
    side: 'hub',
    name: 'codepix_consumer_message_age_seconds',
    filter: { group: '{prefix}-hub-transactions' },
  },
  {
    hop: 'hub: requests batch apply',
    side: 'hub',
    name: 'codepix_consumer_apply_seconds',
    filter: { group: '{prefix}-hub-transactions' },
  },
  {
    hop: 'hub: reply produced → applied (commit)',
    side: 'hub',
    name: 'codepix_consumer_message_age_seconds',
    filter: { group: '{prefix}-hub-confirmations' },
  },
  {
    hop: 'hub: replies batch apply',
    side: 'hub',
    name: 'codepix_consumer_apply_seconds',
    filter: { group: '{prefix}-hub-confirmations' },
  },
  { hop: 'hub: signature checks per batch', side: 'hub', name: 'codepix_consumer_verify_seconds' },
  { hop: 'hub: offset commit', side: 'hub', name: 'codepix_consumer_offset_commit_seconds' },
  { hop: 'hub: database pool wait', side: 'hub', name: 'codepix_db_pool_wait_seconds' },
  { hop: 'hub: outbox write → broker ack', side: 'hub', name: 'codepix_outbox_lag_seconds' },
  { hop: 'hub: outbox send (acks all)', side: 'hub', name: 'codepix_outbox_send_seconds' },
  {
    hop: 'bank: hub notice produced → applied (commit)',
    side: 'banks',
    name: 'codepix_consumer_message_age_seconds',
  },
  { hop: 'bank: notices batch apply', side: 'banks', name: 'codepix_consumer_apply_seconds' },
  { hop: 'bank: offset commit', side: 'banks', name: 'codepix_consumer_offset_commit_seconds' },
  {
    hop: 'hub: pending → confirmed',
    side: 'hub',
    name: 'codepix_transfer_seconds',
    filter: { to: 'confirmed' },
  },
  {
    hop: 'hub: pending → completed',
    side: 'hub',
    name: 'codepix_transfer_seconds',
    filter: { to: 'completed' },
  },
];

/** Batch sizes: how much each commit carries. */
export const BATCH_SIZES: { what: string; side: 'hub' | 'banks'; name: string }[] = [
  { what: 'hub consumer batch (messages)', side: 'hub', name: 'codepix_consumer_batch_messages' },
  { what: 'hub outbox send (messages)', side: 'hub', name: 'codepix_outbox_publish_messages' },
  { what: 'bank consumer batch (messages)', side: 'banks', name: 'codepix_consumer_batch_messages' },
  { what: 'bank outbox send (messages)', side: 'banks', name: 'codepix_outbox_publish_messages' },
];

export interface HopScrapes {
  hub: Scrape[];
  banks: Scrape[];
}

/** The table of hops between two scrapes, to print. */
export function describeHops(before: HopScrapes, after: HopScrapes, topicPrefix: string): string {
  const ms = (v: number) => v.toFixed(1);
  const row = (what: string, f: ReturnType<typeof hop>) => ({
    hop: what,
    count: String(f.count),
    mean: ms(f.meanMs),
    p50: ms(f.p50Ms),
    p99: ms(f.p99Ms),
  });
  const rows = [
    ...TRANSFER_HOPS.map((h) => {
      const filter = Object.fromEntries(
        Object.entries(h.filter ?? {}).map(([k, v]) => [k, v.replace('{prefix}', topicPrefix)]),
      );
      return row(h.hop, hop(before[h.side], after[h.side], h.name, filter));
    }),
    ...BATCH_SIZES.map((b) => row(b.what, hop(before[b.side], after[b.side], b.name, {}, 1))),
  ];
  const figure = (head: string) => ({ head, align: 'right' as const });
  return table(
    {
      hop: 'HOP',
      count: figure('COUNT'),
      mean: figure('MEAN MS'),
      p50: figure('P50 MS'),
      p99: figure('P99 MS'),
    },
    rows,
  );
}
