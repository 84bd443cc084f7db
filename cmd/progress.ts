import type { Writable } from 'node:stream';
import { Format, MultiBar, Presets } from 'cli-progress';

/**
 * How long runs (the chaos run, the benchmarks' load phases, seeding) show how far they are: bars on
 * stderr when it is a terminal; anywhere else (CI logs, pipes, files) a plain line now and then, never a
 * redraw. What a run measures it prints itself, on stdout: progress is never part of a result.
 */

/** Figures shown beside a bar, in order: `{ 'shed (429)': 3 }` shows as "shed (429) 3". */
export type Figures = Record<string, string | number>;

export interface Tracked {
  label: string;
  /** What `value` counts up to; a bar of 0 would say nothing, so there is none. */
  total: number;
  /** What is counted, after value/total: "s", "accepted". */
  unit?: string;
  /** How far it is now: sampled a few times a second on a terminal, so it must be cheap. */
  read(): { value: number; figures?: Figures };
}

export interface Progress {
  /** A line for the person watching: above the bars while they draw, else straight to `write`. */
  log(line: string): void;
  /** Shows the final state and gives the terminal back; later calls do nothing. */
  stop(): void;
}

/** Where bars would draw: process.stderr, or a stand-in in tests. */
export type BarStream = Writable & { isTTY?: boolean; columns?: number };

export interface ProgressOptions {
  /** Where `log` lines go when no bar draws (off a terminal, or once the bars are stopped). */
  write(line: string): void;
  /** Off a terminal, a progress line this often (0: none)... */
  plainEveryMs: number;
  /** ...given to this; `write` unless a run keeps its progress lines apart. */
  plain?(line: string): void;
  stream?: BarStream;
}

/** How often the bars take a new reading; cli-progress redraws on its own clock. */
const SAMPLE_MS = 250;
const REDRAWS_PER_SECOND = 4;

const describe = (figures: Figures = {}) =>
  Object.entries(figures)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
const percent = (value: number, total: number) => Math.floor((100 * Math.min(value, total)) / total);

/** `label: value/total unit (n%), figures` for each thing tracked, on one line. */
export function plainLine(tracked: Tracked[]): string {
  return tracked
    .map((t) => {
      const { value, figures } = t.read();
      const shown = Math.floor(value);
      const counted = `${shown}/${t.total}${t.unit ? ` ${t.unit}` : ''} (${percent(shown, t.total)}%)`;
      const beside = describe(figures);
      return `${t.label}: ${counted}${beside ? `, ${beside}` : ''}`;
    })
    .join('; ');
}

function plainLines(tracked: Tracked[], opts: ProgressOptions): Progress {
  const timer =
    opts.plainEveryMs > 0 && tracked.length > 0
      ? setInterval(() => (opts.plain ?? opts.write)(plainLine(tracked)), opts.plainEveryMs)
      : undefined;
  // Progress never keeps a process alive that has nothing else left to do.
  timer?.unref();
  return { log: (line) => opts.write(line), stop: () => clearInterval(timer) };
}

function bars(tracked: Tracked[], stream: BarStream, opts: ProgressOptions): Progress {
  const labelWidth = Math.max(...tracked.map((t) => t.label.length));
  const multibar = new MultiBar(
    {
      stream,
      format: (options, params, payload) => {
        // cli-progress names an ETA it cannot tell yet 'NULL' or 'INF': show none rather than those.
        const known = typeof params.eta === 'number' && params.value > 0 && params.value < params.total;
        const eta = known ? ` | ETA ${Format.TimeFormat(params.eta, options, 1)}` : '';
        const format = `{label} {bar} {percentage}% {value}/{total}{unit}${eta}{figures}`;
        return Format.Formatter({ ...options, format }, params, payload);
      },
      // The ETA from the last 10 s of readings, not the last 2.5 s: steadier.
      etaBuffer: (10 * 1000) / SAMPLE_MS,
      barsize: Math.max(10, Math.min(30, Math.floor((stream.columns ?? 80) / 4))),
      fps: REDRAWS_PER_SECOND,
      // Lines are cut at the terminal's width rather than wrapped, and the terminal's own wrapping
      // setting is left alone: a run stopped by Ctrl-C leaves nothing to restore.
      linewrap: true,
      hideCursor: false,
    },
    Presets.shades_classic,
  );
  const payload = (t: Tracked, figures?: Figures) => {
    const beside = describe(figures);
    return {
      label: t.label.padEnd(labelWidth),
      unit: t.unit ? ` ${t.unit}` : '',
      figures: beside ? ` | ${beside}` : '',
    };
  };
  const shown = tracked.map((t) => {
    const { value, figures } = t.read();
    return multibar.create(t.total, Math.floor(value), payload(t, figures));
  });
  const sample = () =>
    tracked.forEach((t, i) => {
      const { value, figures } = t.read();
      shown[i].update(Math.floor(value), payload(t, figures));
    });
  const timer = setInterval(sample, SAMPLE_MS);
  timer.unref();
  let stopped = false;
  return {
    log: (line) => (stopped ? opts.write(line) : multibar.log(`${line}\n`)),
    stop: () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      sample();
      // A redraw first: it writes out the lines logged since the last one, which stop() alone drops.
      multibar.update();
      multibar.stop();
    },
  };
}

/** Starts showing `tracked` (those with a total above 0); stop() it when the work is done, or failed. */
export function showProgress(tracked: Tracked[], opts: ProgressOptions): Progress {
  const stream = opts.stream ?? process.stderr;
  const shown = tracked.filter((t) => t.total > 0);
  return stream.isTTY === true && shown.length > 0 ? bars(shown, stream, opts) : plainLines(shown, opts);
}
