import { type Figure, figuresTable } from './figures-table';
import { verdict } from './references';
import type { LatencyResult } from './transfer-latency-phase';
import type { ThroughputResult } from './transfer-phases';

/** The transfer benchmark's closing figures: phase 1's throughput and phase 2's latency, by target. */

export interface TransferTargets {
  completedPerSecond: number;
  p99Ms: number;
}

const LEGS = {
  request: 'sent → pending at the hub',
  confirm: 'pending → confirmed (via the creditor bank)',
  complete: 'confirmed → completed (via the debtor bank)',
};

export function transferFigures(
  t: ThroughputResult,
  l: LatencyResult,
  rate: number,
  target: TransferTargets,
  met: { throughput: boolean; latency: boolean },
): string {
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const rows: Figure[] = [
    [
      'completed transfers/s (hub, in window)',
      t.completedPerSecond.toFixed(0),
      `≥ ${target.completedPerSecond}: ${verdict(met.throughput)}`,
    ],
    ['  completed in the window', String(t.completed), `${t.concurrency} in flight, ${t.seconds} s`],
    ['  accepted by the banks/s', t.acceptedPerSecond.toFixed(0), ''],
    ['  rejected at the hub', String(sum(t.rejected)), JSON.stringify(t.rejected)],
    ['  HTTP errors', String(sum(t.httpErrors)), JSON.stringify(t.httpErrors)],
    ['  shed by the banks (429)', String(t.shed), 'the worker waited Retry-After'],
    ['  backlog at end / drain', `${t.backlogAtEnd}`, `drained in ${t.drainSeconds ?? 'NOT DRAINED'} s`],
    [`latency at ${rate}/s offered: p50`, ms(l.p50Ms), `${l.sent} sent in ${l.seconds.toFixed(1)} s`],
    ['  p90', ms(l.p90Ms), ''],
    ['  p99 (request → hub completed)', ms(l.p99Ms), `≤ ${target.p99Ms} ms: ${verdict(met.latency)}`],
    ['  max', ms(l.maxMs), ''],
    [
      '  completed',
      `${l.completed} / ${l.sent}`,
      `rejected ${JSON.stringify(l.rejected)}, unfinished ${l.unfinished}`,
    ],
    ['  HTTP errors / not sent', `${sum(l.httpErrors)} / ${l.skipped}`, JSON.stringify(l.httpErrors)],
    ['  shed by the banks (429)', String(l.shed), 'not retried (open loop)'],
    ['  bank HTTP answer p50 / p99', `${ms(l.httpP50Ms)} / ${ms(l.httpP99Ms)}`, ''],
    ...Object.entries(l.legs).map(
      ([name, v]): Figure => [
        `  leg ${name} p50 / p99`,
        `${ms(v.p50Ms)} / ${ms(v.p99Ms)}`,
        LEGS[name as keyof typeof LEGS],
      ],
    ),
  ];
  return figuresTable(rows);
}
