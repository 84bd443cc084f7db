import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Crash } from '../stack/service';
import type { Audit } from './audit';
import type { FaultRecord } from './faults';
import type { InboxAudit } from './inbox-audit';
import type { RefundFigures } from './refunds';

export interface ChaosResult {
  startedAt: string;
  seed: number;
  options: Record<string, unknown>;
  transfers: {
    planned: number;
    /** Accepted by the debtor bank (202, or 200 replaying an accepted request). */
    sent: number;
    refused: number;
    unanswered: number;
    /** Sends the banks shed (429 BANK.BUSY) and the load sent again after their Retry-After. */
    shed: number;
    /** Of those sent, by final state at the hub (rejections by reason). */
    outcomes: Record<string, number>;
  };
  /** The refunds the creditor banks sent of completed transfers, while the faults went on. */
  refunds: RefundFigures;
  /** The key claims driven across banks while the faults went on, by final state at the hub. */
  claims: { planned: number; outcomes: Record<string, number> };
  faults: FaultRecord[];
  faultsByKind: Record<string, number>;
  /** Transfers and refunds, together. */
  lost: number;
  duplicated: number;
  moneyDifferenceCents: string;
  /** From the end of the last fault until nothing was in flight; null when it never drained. */
  drainAfterLastRestartMs: number | null;
  crashes: Crash[];
  inbox: Pick<InboxAudit, 'messages' | 'deadLetters'>;
  violations: string[];
  examples: { lost: Audit['lost']; duplicated: Audit['duplicated'] };
  durationMs: number;
  /** The run's home (data and logs), removed after a clean run unless --keep. */
  home: string;
  homeKept: boolean;
}

/** Anything that makes the run a failure: the exit code of `npm run chaos` is 1 when this is non-zero. */
export function failures(r: ChaosResult): number {
  return r.lost + r.duplicated + (r.moneyDifferenceCents === '0' ? 0 : 1) + r.violations.length;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

export function formatReport(r: ChaosResult): string {
  const t = r.transfers;
  const f = r.refunds;
  const row = (label: string, value: string | number) => `${label.padEnd(34)} ${value}`;
  const lines = [
    `chaos run: ${t.planned} transfers, ${f.planned} refunds, ${r.claims.planned} claims, ${r.faults.length} faults, seed ${r.seed}, ${seconds(r.durationMs)}`,
    row(
      'transfers sent',
      `${t.sent} (refused ${t.refused}, unanswered ${t.unanswered}; shed (429) and sent again ${t.shed})`,
    ),
    row('  final state at the hub', list(t.outcomes)),
    row(
      'refunds sent',
      `${f.sent} of ${f.planned} planned (refused ${f.refused}, unanswered ${f.unanswered}; ` +
        `shed (429) and sent again ${f.shed})`,
    ),
    row('  not sent', `${f.skipped}: ${list(f.notSent)}`),
    row(
      '  completed, refused',
      `${f.completed} completed; ${f.refusedOverRemaining} refused of ${f.overRemaining} sent over what was left`,
    ),
    row('  final state at the hub', list(f.outcomes)),
    row('claims driven', `${r.claims.planned}; final state at the hub: ${list(r.claims.outcomes)}`),
    row('faults injected', `${r.faults.length}: ${list(r.faultsByKind)}`),
    row('lost', r.lost),
    row('duplicated', r.duplicated),
    row('money difference', `${r.moneyDifferenceCents} cents`),
    row(
      'time to drain after last restart',
      r.drainAfterLastRestartMs === null ? 'did not drain' : seconds(r.drainAfterLastRestartMs),
    ),
    row('messages consumed', list(r.inbox.messages)),
    row('dead letters', list(r.inbox.deadLetters)),
    row(
      'process crashes',
      r.crashes.length ? r.crashes.map((c) => `${c.service} (${c.signal ?? c.code})`).join(', ') : 0,
    ),
    row('invariant violations', r.violations.length),
    ...r.violations.slice(0, 30).map((v) => `  - ${v}`),
  ];
  if (r.violations.length > 30) lines.push(`  ... and ${r.violations.length - 30} more (see the JSON)`);
  for (const l of r.examples.lost.slice(0, 10))
    lines.push(`  lost ${l.idempotencyKey} ${l.endToEndId ?? ''}: ${l.why}`);
  for (const d of r.examples.duplicated.slice(0, 10)) lines.push(`  duplicated ${d.endToEndId}: ${d.where}`);
  for (const f of r.faults.filter((x) => x.error)) lines.push(`  fault ${f.kind} on ${f.target}: ${f.error}`);
  lines.push(r.homeKept ? `logs: ${r.home}/logs` : 'logs: removed after a clean run (--keep keeps them)');
  return lines.join('\n');
}

/** bench/results/chaos-<timestamp>.json (the directory is not committed). */
export function defaultResultFile(r: ChaosResult, root: string): string {
  return path.join(root, 'bench/results', `chaos-${r.startedAt.replace(/[:.]/g, '-')}.json`);
}

/** Writes the result, with the machine it ran on, as JSON; returns the file. */
export function writeResult(r: ChaosResult, file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const machine = {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  fs.writeFileSync(file, `${JSON.stringify({ ...r, machine }, null, 2)}\n`);
  return file;
}
