import { FixedClock } from '../../src/application/testing/fixed-clock';
import { type Admission, AdmissionGate } from './admission';

/** A 10 s deadline gives a 2.5 s wait budget; the floor is 64 in flight. */
const limits = { transferDeadlineMs: 10_000, inFlightMax: 2_000 };

function gate(inFlightAtStart = 0, overrides: Partial<typeof limits> = {}) {
  const clock = new FixedClock();
  return { clock, gate: new AdmissionGate({ ...limits, ...overrides }, clock, inFlightAtStart) };
}

const enterTimes = (g: AdmissionGate, n: number): Admission[] => Array.from({ length: n }, () => g.enter());
const admitted = (answers: Admission[]) => answers.filter((a) => a.admitted).length;

/** `perSecond` finishes a second for 5 s, in 100 ms steps: in flight drops by 5 × perSecond. */
function finishAt(g: AdmissionGate, clock: FixedClock, perSecond: number) {
  for (let step = 0; step < 50; step++) {
    clock.advance(100);
    g.finished(perSecond / 10);
  }
}

/** A gate that has seen 200 finishes/s for 5 s and is left with `inFlight` in flight. */
function warm(inFlight: number, overrides: Partial<typeof limits> = {}, perSecond = 200) {
  const g = gate(inFlight + 5 * perSecond, overrides);
  finishAt(g.gate, g.clock, perSecond);
  expect(g.gate.inFlight).toBe(inFlight);
  return g;
}

describe('AdmissionGate', () => {
  it('always admits the floor window, even with nothing ever finished (a cold start)', () => {
    const { gate: g } = gate();
    expect(admitted(enterTimes(g, 64))).toBe(64);
    expect(g.inFlight).toBe(64);
    expect(g.enter()).toEqual({ admitted: false, retryAfterSeconds: 3 });
    expect(g.inFlight).toBe(64);
  });

  it('counts the transfers still pending at start as in flight', () => {
    const { gate: g } = gate(60);
    expect(admitted(enterTimes(g, 10))).toBe(4);
  });

  it('admits while in_flight / rate stays within a quarter of the deadline, and refuses beyond it', () => {
    const { gate: g } = warm(64);
    expect(g.ratePerSecond).toBe(200);
    // 200 finishes/s × 2.5 s: 500 may be in flight; 64 are.
    expect(admitted(enterTimes(g, 500))).toBe(436);
    expect(g.inFlight).toBe(500);
    expect(g.enter().admitted).toBe(false);
  });

  it('asks for the time the excess takes to drain at the measured rate, in whole seconds, at least 1', () => {
    const { gate: g } = warm(800);
    // 800 in flight, 500 allowed: 301 to drain at 200/s is 1.505 s, so 2.
    expect(g.enter()).toEqual({ admitted: false, retryAfterSeconds: 2 });
    // One over: 1/200 s, rounded up to the RFC's smallest whole second.
    expect(warm(500).gate.enter()).toEqual({ admitted: false, retryAfterSeconds: 1 });
  });

  it('never admits beyond the ceiling, however fast transfers finish', () => {
    const { gate: g } = warm(0, { inFlightMax: 1_000 }, 2_000);
    expect(admitted(enterTimes(g, 1_500))).toBe(1_000);
    expect(g.enter()).toEqual({ admitted: false, retryAfterSeconds: 1 });
  });

  it('keeps the floor within a ceiling below it', () => {
    const { gate: g } = gate(0, { inFlightMax: 3 });
    expect(enterTimes(g, 4).map((a) => a.admitted)).toEqual([true, true, true, false]);
  });

  it('frees a place when a transfer is final, and when a send records nothing', () => {
    const { gate: g } = gate(64);
    expect(g.enter().admitted).toBe(false);
    g.finished(1);
    expect(g.inFlight).toBe(63);
    expect(g.enter().admitted).toBe(true);
    g.leave();
    expect(g.inFlight).toBe(63);
    expect(() => gate().gate.leave()).toThrow(/without a place/);
  });

  it('forgets finishes older than the window: a hub that stops finishing shrinks the window', () => {
    const { gate: g, clock } = warm(64);
    expect(admitted(enterTimes(g, 500))).toBe(436);
    clock.advance(5_000);
    expect(g.ratePerSecond).toBe(0);
    g.finished(100);
    // 100 finished in the last 5 s: 20/s × 2.5 s is under the floor, and 400 are still in flight.
    expect(g.ratePerSecond).toBe(20);
    expect(g.enter()).toEqual({ admitted: false, retryAfterSeconds: 17 });
  });

  it('measures the rate over the time since the start when that is shorter than the window', () => {
    const { gate: g, clock } = gate();
    clock.advance(2_000);
    g.finished(400);
    expect(g.ratePerSecond).toBe(200);
  });

  it('refuses limits that make no sense', () => {
    const clock = new FixedClock();
    expect(() => new AdmissionGate({ transferDeadlineMs: 0, inFlightMax: 10 }, clock, 0)).toThrow();
    expect(() => new AdmissionGate({ transferDeadlineMs: 1000, inFlightMax: 0 }, clock, 0)).toThrow();
    expect(() => new AdmissionGate(limits, clock, -1)).toThrow();
  });
});
