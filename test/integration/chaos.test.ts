import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FAULT_KINDS } from '../../chaos/faults';
import type { ChaosResult } from '../../chaos/report';
import { buildCliOnce, finished, type Run } from '../support/cli';
import { captureStderr, testLog } from '../support/test-log';

/**
 * The short fault suite (issue 4): the whole stack as separate processes, with its own Postgres and
 * Kafka (not the run's shared ones), every fault kind once while transfers flow and the creditor banks
 * refund some of them, then the invariants.
 * It runs the built harness (`npm run chaos` runs the same, longer) as a child process: the embedded
 * Postgres cannot load inside Jest's module sandbox, and a harness that outlives its time is stopped
 * with everything it started (its processes go with it, see stopWithParent).
 */
const ROOT = path.resolve(__dirname, '../..');
const HARNESS_TIMEOUT_MS = 300_000;

function runHarness(args: string[]): { child: ChildProcess; done: Promise<Run> } {
  const script = path.join(ROOT, 'dist/chaos/run-chaos.js');
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  captureStderr(child);
  return { child, done: finished(child) };
}

describe('fault injection', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'codepix-chaos-test-')), 'result.json');
  let harness: ReturnType<typeof runHarness> | undefined;
  let outcome: Run;
  let result: ChaosResult;

  beforeAll(async () => {
    await buildCliOnce();
    harness = runHarness([
      ...['--transfers', '320', '--faults', String(FAULT_KINDS.length), '--seed', '4'],
      ...['--rate', '10', '--drain-timeout-ms', '60000', '--out', out],
    ]);
    const timer = setTimeout(() => harness?.child.kill('SIGTERM'), HARNESS_TIMEOUT_MS);
    outcome = await harness.done.finally(() => clearTimeout(timer));
    // The harness's report, with the test's log: shown if a test fails.
    testLog.write(outcome.stdout);
    if (!fs.existsSync(out)) {
      throw new Error(`the harness wrote no result (exit ${outcome.code}):\n${outcome.stderr.slice(-5000)}`);
    }
    result = JSON.parse(fs.readFileSync(out, 'utf8'));
  }, HARNESS_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    // Only if the test itself gave up early: SIGTERM makes the harness take its processes with it.
    if (harness && harness.child.exitCode === null && harness.child.signalCode === null) {
      harness.child.kill('SIGTERM');
      await harness.done;
    }
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }, 60_000);

  it('injects every kind of fault while transfers flow', () => {
    expect(result.faults.map((f) => f.kind).sort()).toEqual([...FAULT_KINDS].sort());
    expect(result.faults.filter((f) => f.error)).toEqual([]);
    expect(result.transfers.sent).toBe(320);
  });

  it('refunds completed transfers through the faults, refusing each one over what was left', () => {
    const refunds = result.refunds;
    expect(refunds.completed).toBeGreaterThan(0);
    expect(refunds.overRemaining).toBeGreaterThan(0);
    expect(refunds.refusedOverRemaining).toBe(refunds.overRemaining);
    expect({ refused: refunds.refused, unanswered: refunds.unanswered }).toEqual({
      refused: 0,
      unanswered: 0,
    });
    expect(refunds.sent + refunds.skipped).toBe(refunds.planned);
  });

  it('drives key claims across banks through the faults, each to the end it was meant to have', () => {
    // 320 transfers: 8 claims, half completed (portability and ownership), half refused or withdrawn.
    expect(result.claims).toEqual({ planned: 8, outcomes: { completed: 4, cancelled: 4 } });
  });

  it('loses nothing, doubles nothing, conserves money and keeps I1-I6 (refunds and claims included)', () => {
    const figures = {
      lost: result.lost,
      duplicated: result.duplicated,
      moneyDifferenceCents: result.moneyDifferenceCents,
      violations: result.violations,
    };
    if (outcome.code !== 0) throw new Error(`${outcome.stdout}\n\nprogress:\n${outcome.stderr.slice(-5000)}`);
    expect(figures).toEqual({ lost: 0, duplicated: 0, moneyDifferenceCents: '0', violations: [] });
  });

  it('drains after the last fault', () => {
    expect(result.drainAfterLastRestartMs).not.toBeNull();
    expect(result.transfers.outcomes.completed).toBeGreaterThan(0);
  });
});
