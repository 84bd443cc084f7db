import { FAULT_KINDS, type FaultKind, type FaultRecord, injectFault } from './faults';
import type { ChaosStack } from './stack';

/**
 * Ties faults to the load: the transfers are cut into one segment per fault; fault i strikes when a
 * random point of segment i has been reached, and the load may not pass the end of segment i until
 * fault i is over. So every fault meets transfers in flight, however fast or slow the load is.
 */
export class LoadGate {
  private allowed: number;
  private startedCount = 0;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly transfers: number,
    private readonly faults: number,
  ) {
    this.allowed = faults === 0 ? transfers : this.segmentEnd(0);
  }

  segmentStart(i: number): number {
    return Math.floor((i * this.transfers) / this.faults);
  }

  segmentEnd(i: number): number {
    return i >= this.faults - 1 ? this.transfers : this.segmentStart(i + 1);
  }

  /** Resolves when transfer `index` may start. */
  async enter(index: number): Promise<void> {
    while (index >= this.allowed) await this.changed();
  }

  started(count: number): void {
    this.startedCount = count;
    this.notify();
  }

  /** Resolves once `count` transfers have started. */
  async reached(count: number): Promise<void> {
    while (this.startedCount < count) await this.changed();
  }

  allow(upTo: number): void {
    this.allowed = Math.max(this.allowed, upTo);
    this.notify();
  }

  private changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

export interface ScheduleOptions {
  faults: number;
  kinds?: readonly FaultKind[];
  deadlineMs: number;
  random: () => number;
  since: number;
  log(line: string): void;
  /** Called as each fault is over, with the faults over so far. */
  recovered(count: number): void;
}

/** Runs the faults against the load the gate paces; resolves with what was injected, in order. */
export async function runFaultSchedule(
  stack: ChaosStack,
  gate: LoadGate,
  opts: ScheduleOptions,
): Promise<FaultRecord[]> {
  const kinds = opts.kinds ?? FAULT_KINDS;
  const records: FaultRecord[] = [];
  const occurrences = new Map<FaultKind, number>();
  for (let i = 0; i < opts.faults; i++) {
    const kind = kinds[i % kinds.length];
    const start = gate.segmentStart(i);
    const length = gate.segmentEnd(i) - start;
    // Inside the segment, so the transfers before the point are in flight when it strikes.
    await gate.reached(length === 0 ? start : start + 1 + Math.floor(opts.random() * (length - 1)));
    const occurrence = occurrences.get(kind) ?? 0;
    occurrences.set(kind, occurrence + 1);
    opts.log(`fault ${i + 1}/${opts.faults}: ${kind}`);
    const record = await injectFault(stack, kind, occurrence, {
      deadlineMs: opts.deadlineMs,
      random: opts.random,
      since: opts.since,
    });
    records.push(record);
    opts.recovered(records.length);
    const took = ((record.recoveredAtMs - record.injectedAtMs) / 1000).toFixed(1);
    opts.log(
      `fault ${i + 1}/${opts.faults}: ${kind} on ${record.target}: recovered in ${took} s` +
        (record.error ? ` with an error: ${record.error}` : ''),
    );
    gate.allow(gate.segmentEnd(i + 1));
  }
  gate.allow(Number.MAX_SAFE_INTEGER);
  return records;
}
