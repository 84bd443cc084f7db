import { type MetricObjectWithValues, type MetricValue, Registry } from 'prom-client';
import { ScrapeReads } from './scrape-reads';

type Scrape = MetricObjectWithValues<MetricValue<string>>[];

const value = (scrape: Scrape, name: string, labels: Record<string, string> = {}) => {
  const wanted = Object.entries(labels);
  return scrape.find((m) => m.name === name)?.values.find((v) => wanted.every(([k, l]) => v.labels[k] === l))
    ?.value;
};

describe('ScrapeReads', () => {
  it('feeds every gauge of a read from one read a scrape, with its labels', async () => {
    const registry = new Registry();
    let reads = 0;
    new ScrapeReads(registry).add('state', async () => {
      reads++;
      return { backlog: 7, banks: { '11111111': 5, '22222222': -2 } };
    }, [
      { name: 'test_backlog', help: 'h', samples: (s) => [{ value: s.backlog }] },
      {
        name: 'test_position',
        help: 'h',
        labelNames: ['ispb'],
        samples: (s) => Object.entries(s.banks).map(([ispb, v]) => ({ labels: { ispb }, value: v })),
      },
    ]);
    const text = await registry.metrics();
    expect(reads).toBe(1);
    expect(text).toContain('test_backlog 7');
    expect(text).toContain('test_position{ispb="22222222"} -2');
    await registry.metrics();
    expect(reads).toBe(2);
  });

  it('leaves the gauges unknown and counts the failure once when the read fails; the scrape still answers', async () => {
    const registry = new Registry();
    let fail = true;
    new ScrapeReads(registry).add('state', async () => {
      if (fail) throw new Error('database down');
      return 3;
    }, [
      { name: 'test_a', help: 'h', samples: (n) => [{ value: n }] },
      { name: 'test_b', help: 'h', samples: (n) => [{ value: n * 2 }] },
    ]);
    const failed = await registry.getMetricsAsJSON();
    expect(value(failed, 'test_a')).toBeNaN();
    expect(value(failed, 'test_b')).toBeNaN();
    expect(value(failed, 'codepix_scrape_read_failures_total', { read: 'state' })).toBe(1);
    fail = false;
    const answered = await registry.getMetricsAsJSON();
    expect(value(answered, 'test_b')).toBe(6);
    expect(value(answered, 'codepix_scrape_read_failures_total', { read: 'state' })).toBe(1);
  });

  it('gives up on a read slower than 2 s, and starts no second one while it hangs', async () => {
    jest.useFakeTimers();
    try {
      const registry = new Registry();
      let started = 0;
      new ScrapeReads(registry).add('stuck', () => {
        started++;
        return new Promise<number>(() => {});
      }, [
        {
          name: 'test_stuck',
          help: 'h',
          labelNames: ['ispb'],
          samples: (n) => [{ labels: { ispb: 'x' }, value: n }],
        },
      ]);
      for (let scrape = 1; scrape <= 2; scrape++) {
        const answer = registry.getMetricsAsJSON();
        await jest.advanceTimersByTimeAsync(2_000);
        const metrics = await answer;
        expect(metrics.find((m) => m.name === 'test_stuck')?.values).toEqual([]);
        expect(value(metrics, 'codepix_scrape_read_failures_total')).toBe(scrape);
      }
      expect(started).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });
});
