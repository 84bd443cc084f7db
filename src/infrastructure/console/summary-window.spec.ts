import type { TransferChange } from './console-queries';
import { percentile, SummaryWindow } from './summary-window';

const ended = (to: string, at: number, createdAt: number): TransferChange =>
  ({
    seq: at,
    from: 'confirmed',
    to,
    reason: null,
    actor: 'bank:11111111',
    at: new Date(at).toISOString(),
    transfer: { createdAt: new Date(createdAt).toISOString() },
  }) as TransferChange;

describe('SummaryWindow', () => {
  it('counts the second before last, and the latency of the last minute by nearest rank', () => {
    let now = 100_500;
    const window = new SummaryWindow(() => now);
    window.record(ended('completed', 98_100, 98_000)); // the second before last: 98-99 s
    window.record(ended('completed', 98_900, 98_500));
    window.record(ended('rejected', 98_200, 98_000));
    window.record(ended('completed', 99_900, 99_000)); // the last second: not whole yet
    window.record(ended('pending', 99_950, 99_900)); // not an end
    window.record(ended('completed', 20_000, 19_000)); // older than a minute
    expect(window.tick()).toEqual({
      at: new Date(98_000).toISOString(),
      completedPerSecond: 2,
      rejectedPerSecond: 1,
      latencyMs: { p50: 400, p99: 900 },
      lastMinute: { completed: 3, rejected: 1 },
    });
    now += 60_000;
    expect(window.tick()).toMatchObject({
      latencyMs: { p50: null, p99: null },
      lastMinute: { completed: 0 },
    });
    expect(window.recent).toHaveLength(2);
  });

  it('takes percentiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(values, 50), percentile(values, 99), percentile([7], 99), percentile([], 50)]).toEqual(
      [50, 99, 7, null],
    );
  });
});
