import fs from 'node:fs';
import path from 'node:path';
import { LOG_RANK, type LogLine, type LogSink, stderrSink } from '../lib/observability/logger';

/** A field value as a person reads it: strings bare when they can be, the rest as JSON; long ones cut. */
function show(value: unknown): string {
  const text =
    typeof value === 'string'
      ? value
      : JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}` : v));
  const short = text.length > 200 ? `${text.slice(0, 199)}…` : text;
  return /^[^\s"=]+$/.test(short) ? short : JSON.stringify(short);
}

/** `warn  bank-11111111: outbox publisher failed; retrying  error="…" failures=1`: one line, for a terminal. */
export function humanLine(line: LogLine): string {
  const { time: _time, level, name, msg, ...fields } = line;
  const rest = Object.entries(fields).map(([key, value]) => `${key}=${show(value)}`);
  return `${level.padEnd(5)} ${name}: ${msg}${rest.length ? `  ${rest.join(' ')}` : ''}`;
}

export interface DevLog {
  /** Where the JSON lines go: a file, or `-` for stderr. */
  target: string;
  sink: LogSink;
  close(): void;
}

/**
 * Where `codepix dev up` logs. By default the JSON lines go to a file, so the screen holds what a person
 * needs (the banner, and the warnings and errors, each on one readable line); `-` puts the JSON lines
 * on stderr instead, as `serve` does, for a supervisor or a container that collects them.
 */
export function openDevLog(target: string): DevLog {
  if (target === '-') return { target, sink: stderrSink, close: () => {} };
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // A fresh file per run, so the log is this run's; written synchronously, so a crash loses no line.
  const fd = fs.openSync(target, 'w');
  let open = true;
  return {
    target,
    sink: (line, json) => {
      if (open) fs.writeSync(fd, `${json}\n`);
      if (LOG_RANK[line.level] >= LOG_RANK.warn) process.stderr.write(`${humanLine(line)}\n`);
    },
    close: () => {
      if (open) fs.closeSync(fd);
      open = false;
    },
  };
}
