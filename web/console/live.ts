import { byId, call, formatReais } from '../shared/api.js';
import { drawChart } from './chart.js';
import {
  bankName,
  bankNames,
  el,
  load,
  startPage,
  statusBadge,
  toLogin,
  transferLink,
  when,
} from './common.js';
import type { Summary, TransferChange, TransferSummary } from './types.js';

/**
 * The live page: the last minute's figures and charts, and the transfers as they are made and change,
 * from the server-sent events of /api/events on top of the newest from /api/transfers.
 */

const ROWS_MAX = 100;
/** New rows are told to a screen reader at most this often, summed up, so it is not talked over. */
const ANNOUNCE_MS = 5_000;
const SLOTS = 60;

startPage();
const feed = byId<HTMLTableSectionElement>('feed');
const connection = byId('connection');
const announce = byId('announce');
const statusFilter = byId<HTMLSelectElement>('filter-status');
const bankFilter = byId<HTMLSelectElement>('filter-bank');
const pause = byId<HTMLButtonElement>('pause');
let names = new Map<string, string>();
let paused = false;
let unannounced = 0;
const summaries: Summary[] = [];

const shown = (t: TransferSummary) =>
  (!statusFilter.value || t.status === statusFilter.value) &&
  (!bankFilter.value || t.debtor.ispb === bankFilter.value || t.creditor.ispb === bankFilter.value);

/** A feed row; each cell names its column, which a phone shows beside it (the head is hidden there). */
function row(t: TransferSummary): HTMLTableRowElement {
  const cell = (label: string, attrs: Record<string, string>, ...content: (Node | string)[]) =>
    el('td', { 'data-label': label, ...attrs }, ...content);
  return el(
    'tr',
    { 'data-id': t.endToEndId },
    cell('Created', {}, el('time', { datetime: t.createdAt }, when(t.createdAt))),
    cell('End-to-end id', {}, transferLink(t.endToEndId)),
    cell('From', {}, bankName(t.debtor.ispb, names)),
    cell('To', {}, bankName(t.creditor.ispb, names)),
    cell('Amount', { class: 'num' }, formatReais(t.amount)),
    cell('Status', {}, statusBadge(t.status), t.rejectionReason ? ` ${t.rejectionReason}` : ''),
  );
}

/** Puts a transfer's latest state in the table: its row replaced where it is, or a new row on top. */
function show(t: TransferSummary, fresh: boolean): void {
  const existing = feed.querySelector<HTMLTableRowElement>(`tr[data-id="${t.endToEndId}"]`);
  if (!shown(t)) {
    existing?.remove();
    return;
  }
  const next = row(t);
  if (fresh) next.classList.add('fresh');
  if (existing) existing.replaceWith(next);
  else {
    feed.prepend(next);
    if (fresh) unannounced++;
  }
  while (feed.rows.length > ROWS_MAX) feed.lastElementChild?.remove();
}

function figures(s: Summary): void {
  const ms = (v: number | null) => (v === null ? '–' : `${v.toLocaleString()} ms`);
  byId('fig-completed').textContent = s.completedPerSecond.toLocaleString();
  byId('fig-rejected').textContent = s.rejectedPerSecond.toLocaleString();
  byId('fig-p50').textContent = ms(s.latencyMs.p50);
  byId('fig-p99').textContent = ms(s.latencyMs.p99);
  byId('fig-minute-completed').textContent = s.lastMinute.completed.toLocaleString();
  byId('fig-minute-rejected').textContent = s.lastMinute.rejected.toLocaleString();
  const pick = (f: (x: Summary) => number | null) => summaries.map(f);
  drawChart(
    byId('throughput') as unknown as SVGSVGElement,
    [
      { name: 'completed', values: pick((x) => x.completedPerSecond) },
      { name: 'rejected', values: pick((x) => x.rejectedPerSecond) },
    ],
    SLOTS,
    `Now ${s.completedPerSecond} completed and ${s.rejectedPerSecond} rejected per second.`,
  );
  drawChart(
    byId('latency') as unknown as SVGSVGElement,
    [
      { name: 'p50', values: pick((x) => x.latencyMs.p50) },
      { name: 'p99', values: pick((x) => x.latencyMs.p99) },
    ],
    SLOTS,
    `Over the last minute: p50 ${ms(s.latencyMs.p50)}, p99 ${ms(s.latencyMs.p99)}.`,
  );
}

function listen(): void {
  const events = new EventSource('/api/events');
  events.addEventListener('open', () => {
    connection.textContent = 'Live: new transfers appear as they happen.';
  });
  events.addEventListener('transfer', (event) => {
    if (paused) return;
    const change = JSON.parse((event as MessageEvent<string>).data) as TransferChange;
    show(change.transfer, true);
  });
  events.addEventListener('summary', (event) => {
    const summary = JSON.parse((event as MessageEvent<string>).data) as Summary;
    summaries.push(summary);
    summaries.splice(0, Math.max(0, summaries.length - SLOTS));
    figures(summary);
  });
  events.addEventListener('error', async () => {
    if (events.readyState === EventSource.CONNECTING) {
      connection.textContent = 'The live feed was interrupted; reconnecting…';
      return;
    }
    // Closed for good: refused (the session ended) or the server is gone. Which one decides what next.
    events.close();
    try {
      await call('GET', '/api/session');
      connection.textContent = 'The live feed was lost; trying again in a few seconds…';
      setTimeout(listen, 3_000);
    } catch {
      toLogin();
    }
  });
}

async function reload(): Promise<void> {
  const query = new URLSearchParams({ limit: String(ROWS_MAX) });
  if (statusFilter.value) query.set('status', statusFilter.value);
  if (bankFilter.value) query.set('bank', bankFilter.value);
  const { transfers } = await call<{ transfers: TransferSummary[] }>('GET', `/api/transfers?${query}`);
  feed.replaceChildren(...transfers.map(row));
}

pause.addEventListener('click', () => {
  paused = !paused;
  pause.setAttribute('aria-pressed', String(paused));
  pause.textContent = paused ? 'Resume the feed' : 'Pause the feed';
  if (!paused) void load(byId('feed-state'), 'the newest transfers', reload);
});
for (const filter of [statusFilter, bankFilter]) {
  filter.addEventListener('change', () => void load(byId('feed-state'), 'the newest transfers', reload));
}
setInterval(() => {
  if (unannounced === 0) return;
  announce.textContent = unannounced === 1 ? '1 new transfer' : `${unannounced} new transfers`;
  unannounced = 0;
}, ANNOUNCE_MS);

void load(byId('feed-state'), 'the newest transfers', async () => {
  names = await bankNames();
  for (const [ispb, name] of names) bankFilter.append(el('option', { value: ispb }, `${name} (${ispb})`));
  await reload();
}).then(listen);
