import { Option } from 'commander';
import pino from 'pino';
import { fileLog, type LogDestination, type LogLevel, stderrLog } from '../lib/observability/logger';
import { prettyLog } from '../lib/observability/pretty-log';

/** How log lines look on the screen: for a person (pino-pretty), or JSON lines for a program. */
export type LogFormat = 'pretty' | 'json';

/** Pretty on a terminal; JSON when stderr is a pipe or a file, where a program reads it. */
export const defaultLogFormat = (): LogFormat => (process.stderr.isTTY ? 'pretty' : 'json');

export const logTargetOption = () =>
  new Option(
    '--log <file>',
    'where the whole log goes, as JSON lines (default: dev.log in CODEPIX_HOME; - for the screen, in ' +
      '--log-format); the screen shows warnings and errors either way',
  );

export const logFormatOption = () =>
  new Option(
    '--log-format <format>',
    'how log lines look on the screen: pretty or json (default: pretty on a terminal, else json)',
  ).choices(['pretty', 'json'] satisfies LogFormat[]);

export interface DevLogOptions {
  /** Where the whole log goes: a file (JSON lines), or `-` for the screen. */
  target: string;
  format: LogFormat;
  level: LogLevel;
  /** The screen: stderr unless a test says otherwise. */
  screen?: LogDestination;
  /** Coloured pretty lines: when the screen is a terminal that takes colours, unless told. */
  colorize?: boolean;
}

export interface DevLog {
  target: string;
  /** What every logger of the stack (the hub's, each bank's) writes to. */
  destination: LogDestination;
}

/**
 * Where `codepix dev up` logs. By default the whole log goes to a file as JSON lines, so the screen
 * holds what a person needs: the banner, and the warnings and errors, each on one line, in `format`.
 * With `-` the whole log goes to the screen instead, in `format` (JSON, as `serve` writes it, for a
 * supervisor or a container that collects it).
 */
export function openDevLog(options: DevLogOptions): DevLog {
  const { target, format, level } = options;
  const screen = options.screen ?? stderrLog();
  const colorize = options.colorize ?? (!options.screen && process.stderr.hasColors?.() === true);
  const shown = format === 'pretty' ? prettyLog(screen, colorize) : screen;
  if (target === '-') return { target, destination: shown };
  // A fresh file per run, so the log is this run's.
  const file = fileLog(target);
  return {
    target,
    destination: pino.multistream([
      { level, stream: file },
      { level: 'warn', stream: shown },
    ]),
  };
}
