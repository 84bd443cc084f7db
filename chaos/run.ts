import fs from 'node:fs';
import path from 'node:path';
import { showProgress } from '../cmd/progress';
import { type ClaimRecord, driveClaim, seedClaims } from './claims';
import type { FaultKind, FaultRecord } from './faults';
import { planTransfers, runLoad, tallyLoad } from './load';
import { planRefunds, refundFigures, refundLoad, tallyRefunds } from './refunds';
import { type ChaosResult, failures } from './report';
import { LoadGate, runFaultSchedule } from './schedule';
import { seedCustomers } from './seed';
import { waitUntilSettled } from './settle';
import { chaosStack } from './stack';
import { judgeRun } from './verdict';

export interface ChaosOptions {
  transfers: number;
  faults: number;
  /** The fault kinds to cycle through; all of them by default. */
  kinds?: readonly FaultKind[];
  seed: number;
  concurrency: number;
  /**
   * At most this many new transfers per second. By default the load is spread so that each fault's
   * share of it lasts about as long as a fault does, keeping transfers flowing through every fault.
   */
  ratePerSecond?: number;
  customersPerBank: number;
  deadlineMs: number;
  sweepIntervalMs: number;
  drainTimeoutMs: number;
  /** The hubs' and banks' LOG_LEVEL; their logs go to files under the run's home. */
  logLevel: string;
  /** Keep the home (data and logs) when the run passed too; it is always kept when it failed. */
  keepHome: boolean;
  log(line: string): void;
}

export const DEFAULTS: Omit<ChaosOptions, 'transfers' | 'faults' | 'log'> = {
  seed: Date.now() % 1_000_000,
  concurrency: 8,
  customersPerBank: 10,
  deadlineMs: 3_000,
  sweepIntervalMs: 250,
  drainTimeoutMs: 120_000,
  logLevel: 'info',
  keepHome: false,
};

/** One transfer in this many gets refunds, once it has completed. */
const REFUND_EVERY = 4;
/** One key claim for this many transfers (at least four, one of each way a claim may end). */
const TRANSFERS_PER_CLAIM = 40;

/** Roughly how long one fault takes, kill to recovery, on a 2-core machine. */
const TYPICAL_FAULT_SECONDS = 8;

export function defaultRate(transfers: number, faults: number): number {
  return Math.min(100, Math.max(2, Math.ceil(transfers / (Math.max(1, faults) * TYPICAL_FAULT_SECONDS))));
}

/** A small, seedable generator (mulberry32): a seed replays the same plan of transfers and faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One chaos run: starts the stack, seeds customers, sends the transfers while injecting the faults,
 * waits for the system to drain and audits it. Every process it started is stopped before it returns,
 * whatever happened.
 */
export async function runChaos(opts: ChaosOptions): Promise<ChaosResult> {
  const began = Date.now();
  const random = seededRandom(opts.seed);
  const stack = chaosStack({
    deadlineMs: opts.deadlineMs,
    sweepIntervalMs: opts.sweepIntervalMs,
    partitions: 4,
    logLevel: opts.logLevel,
  });
  // Lines for the person go through the progress bars while they draw, so as not to break them.
  let show = opts.log;
  const log = (line: string) => {
    const stamped = `[chaos ${((Date.now() - began) / 1000).toFixed(1)}s] ${line}`;
    fs.appendFileSync(path.join(stack.logDir, 'chaos.log'), `${stamped}\n`);
    show(stamped);
  };
  let result: ChaosResult | undefined;
  try {
    log(`starting the stack in ${stack.home}`);
    await stack.start();
    const customers = await seedCustomers(stack, {
      customersPerBank: opts.customersPerBank,
      depositCents: 10_000_000n,
      fundingCents: 1_000_000_000n,
    });
    const claims: ClaimRecord[] = await seedClaims(customers, {
      count: Math.max(4, Math.round(opts.transfers / TRANSFERS_PER_CLAIM)),
      runId: stack.topicPrefix,
    });
    log(
      `stack up, ${customers.length} customers; sending ${opts.transfers} transfers, ${claims.length} claims, ${opts.faults} faults`,
    );

    const since = Date.now();
    const gate = new LoadGate(opts.transfers, opts.faults);
    const loadOptions = {
      transfers: opts.transfers,
      concurrency: opts.concurrency,
      ratePerSecond: opts.ratePerSecond ?? defaultRate(opts.transfers, opts.faults),
      maxAmountCents: 5_000,
      requestTimeoutMs: 5_000,
      giveUpAfterMs: 180_000,
      runId: `chaos-${stack.topicPrefix}`,
      random,
      gate: (i: number) => gate.enter(i),
      started: (n: number) => gate.started(n),
    };
    const plan = planTransfers(customers, loadOptions);
    const refunds = planRefunds(plan, { every: REFUND_EVERY, random });
    const refunding = refundLoad(refunds, customers, stack, loadOptions);
    let faultsOver = 0;
    const progress = showProgress(
      [
        {
          label: 'transfers',
          total: opts.transfers,
          unit: 'answered',
          read: () => {
            const tally = tallyLoad(plan);
            return { value: tally.answered, figures: { accepted: tally.accepted, 'shed (429)': tally.shed } };
          },
        },
        {
          label: 'refunds',
          total: refunds.length,
          unit: 'answered',
          read: () => {
            const t = tallyRefunds(refunds);
            const value = t.sent + t.refused + t.unanswered + t.skipped;
            return { value, figures: { sent: t.sent, 'not sent': t.skipped } };
          },
        },
        {
          label: 'claims',
          total: claims.length,
          unit: 'ended',
          read: () => ({ value: claims.filter((c) => c.ended).length }),
        },
        { label: 'faults', total: opts.faults, unit: 'over', read: () => ({ value: faultsOver }) },
      ],
      { write: opts.log, plain: (line) => log(`progress: ${line}`), plainEveryMs: 10_000 },
    );
    show = progress.log;
    let faults: FaultRecord[] = [];
    try {
      [, , faults] = await Promise.all([
        runLoad(plan, customers, { ...loadOptions, accepted: (t) => refunding.follow(t) }).then(() =>
          refunding.finished(),
        ),
        // Spread over the load, so the claims meet the faults as the transfers do.
        Promise.all(
          claims.map(async (c, i) => {
            await gate.reached(Math.floor(((i + 0.5) * opts.transfers) / claims.length));
            await driveClaim(c, loadOptions.giveUpAfterMs);
          }),
        ),
        runFaultSchedule(stack, gate, {
          faults: opts.faults,
          kinds: opts.kinds,
          deadlineMs: opts.deadlineMs,
          random,
          since,
          log,
          recovered: (count) => {
            faultsOver = count;
          },
        }).finally(() => gate.allow(Number.MAX_SAFE_INTEGER)),
      ]);
    } finally {
      progress.stop();
      show = opts.log;
    }
    const lastRestored = since + Math.max(0, ...faults.map((f) => f.restoredAtMs));
    log('load sent; waiting for the system to drain');
    const settled = await waitUntilSettled(stack, opts.drainTimeoutMs);
    log(settled.settled ? 'drained; auditing' : `did not drain: ${settled.open.join('; ')}`);

    const {
      found,
      inbox,
      claims: claimAudit,
      violations,
    } = await judgeRun(stack, {
      settled,
      plan,
      refunds,
      claims,
      faults,
    });
    const tally = tallyLoad(plan);
    const faultsByKind: Record<string, number> = {};
    for (const f of faults) faultsByKind[f.kind] = (faultsByKind[f.kind] ?? 0) + 1;
    result = {
      startedAt: new Date(began).toISOString(),
      seed: opts.seed,
      options: { ...opts, ratePerSecond: loadOptions.ratePerSecond, log: undefined },
      transfers: {
        planned: opts.transfers,
        sent: tally.accepted,
        refused: tally.refused,
        unanswered: tally.unanswered,
        shed: tally.shed,
        outcomes: found.outcomes,
      },
      refunds: refundFigures(refunds, found.refundOutcomes),
      claims: { planned: claims.length, outcomes: claimAudit.outcomes },
      faults,
      faultsByKind,
      lost: found.lost.length,
      duplicated: new Set(found.duplicated.map((d) => d.endToEndId)).size,
      moneyDifferenceCents: found.moneyDifferenceCents.toString(),
      drainAfterLastRestartMs: settled.settled ? settled.at - lastRestored : null,
      crashes: stack.crashes,
      inbox: { messages: inbox.messages, deadLetters: inbox.deadLetters },
      violations,
      examples: { lost: found.lost.slice(0, 50), duplicated: found.duplicated.slice(0, 50) },
      durationMs: 0,
      home: stack.home,
      homeKept: true,
    };
    return result;
  } finally {
    log('stopping the stack');
    await stack.stop();
    if (result) result.durationMs = Date.now() - began;
    const clean = result && failures(result) === 0 && result.crashes.length === 0;
    if (result && clean && !opts.keepHome) {
      stack.removeHome();
      result.homeKept = false;
    }
  }
}
