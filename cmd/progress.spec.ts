import { Writable } from 'node:stream';
import { type BarStream, plainLine, showProgress, type Tracked } from './progress';

/** A stream that keeps what is written to it, a terminal or not. */
function screen(isTTY: boolean): BarStream & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { isTTY, columns: 100, text: () => chunks.join('') });
}

const counter = () => {
  const state = { value: 0, shed: 0 };
  const tracked: Tracked = {
    label: 'transfers',
    total: 200,
    unit: 'accepted',
    read: () => ({ value: state.value, figures: { 'shed (429)': state.shed } }),
  };
  return { state, tracked };
};

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('showProgress off a terminal', () => {
  it('writes a plain line every so often, passes log lines through, and nothing to the stream', () => {
    const { state, tracked } = counter();
    const stream = screen(false);
    const lines: string[] = [];
    const progress = showProgress([tracked], { write: (l) => lines.push(l), plainEveryMs: 10_000, stream });
    state.value = 50;
    jest.advanceTimersByTime(10_000);
    progress.log('fault 1/2: kill-kafka');
    state.value = 100.7;
    state.shed = 3;
    jest.advanceTimersByTime(10_000);
    progress.stop();
    jest.advanceTimersByTime(60_000);
    expect(lines).toEqual([
      'transfers: 50/200 accepted (25%), shed (429) 0',
      'fault 1/2: kill-kafka',
      'transfers: 100/200 accepted (50%), shed (429) 3',
    ]);
    expect(stream.text()).toBe('');
  });

  it('hands progress lines to `plain` when given one, log lines still to `write`', () => {
    const written: string[] = [];
    const plain: string[] = [];
    const progress = showProgress([counter().tracked], {
      write: (l) => written.push(l),
      plain: (l) => plain.push(l),
      plainEveryMs: 1000,
      stream: screen(false),
    });
    jest.advanceTimersByTime(1000);
    progress.log('a fault');
    progress.stop();
    expect({ written, plain }).toEqual({
      written: ['a fault'],
      plain: ['transfers: 0/200 accepted (0%), shed (429) 0'],
    });
  });

  it('writes no progress line when asked for none', () => {
    const lines: string[] = [];
    const progress = showProgress([counter().tracked], { write: (l) => lines.push(l), plainEveryMs: 0 });
    jest.advanceTimersByTime(60_000);
    progress.log('only this');
    progress.stop();
    expect(lines).toEqual(['only this']);
  });
});

describe('showProgress on a terminal', () => {
  it('draws bars with their figures, writes logged lines above them and leaves the final state', () => {
    const { state, tracked } = counter();
    let over = 0;
    const faults: Tracked = { label: 'faults', total: 4, read: () => ({ value: over }) };
    const stream = screen(true);
    const lines: string[] = [];
    const progress = showProgress([tracked, faults], {
      write: (l) => lines.push(l),
      plain: (l) => lines.push(l),
      plainEveryMs: 1000,
      stream,
    });
    state.value = 150;
    over = 1;
    jest.advanceTimersByTime(1_000);
    progress.log('fault 2/4: kill-postgres');
    state.value = 200;
    progress.stop();
    const text = stream.text();
    // Before the first reading there is no rate to tell an ETA from: none is shown, not 'NULL' or 'INF'.
    expect(text).toMatch(/transfers ░+ 0% 0\/200 accepted \| shed/);
    expect(text).not.toMatch(/NULL|INF|NF/);
    expect(text).toContain('fault 2/4: kill-postgres\n');
    expect(text).toMatch(/transfers █+░+ 75% 150\/200 accepted \| ETA .+ \| shed \(429\) 0/);
    expect(text).toMatch(/faults {4}█+░+ 25% 1\/4 \| ETA/);
    // The last thing drawn is the final reading, and no plain line was written beside the bars.
    expect(text.slice(text.lastIndexOf('transfers'))).toMatch(/^transfers █+ 100% 200\/200 accepted/);
    expect(lines).toEqual([]);
    progress.log('after the bars');
    expect(lines).toEqual(['after the bars']);
  });

  it('draws no bar for a total of 0', () => {
    const stream = screen(true);
    const lines: string[] = [];
    const empty: Tracked = { label: 'faults', total: 0, read: () => ({ value: 0 }) };
    const progress = showProgress([empty], { write: (l) => lines.push(l), plainEveryMs: 1000, stream });
    jest.advanceTimersByTime(5_000);
    progress.stop();
    expect(stream.text()).toBe('');
    expect(lines).toEqual([]);
  });
});

describe('plainLine', () => {
  it('puts every tracked thing on one line', () => {
    const faults: Tracked = { label: 'faults', total: 8, read: () => ({ value: 2 }) };
    expect(plainLine([counter().tracked, faults])).toBe(
      'transfers: 0/200 accepted (0%), shed (429) 0; faults: 2/8 (25%)',
    );
  });
});
