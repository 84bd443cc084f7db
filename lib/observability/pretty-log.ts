import { prettyFactory } from 'pino-pretty';
import type { LogDestination } from './logger';

/**
 * A JSON log line as a person reads it, on one line: `[12:34:56.789] WARN (bank-11111111): outbox
 * relay failed {"error":"…","failures":1}`; a line that is not JSON comes back as it is. For a
 * person only (a terminal, a failing test's report): a process nobody watches writes JSON, and
 * never loads this module.
 */
export function prettyLine(colorize: boolean): (line: string) => string {
  return prettyFactory({
    colorize,
    singleLine: true,
    ignore: 'pid,hostname',
    translateTime: 'SYS:HH:MM:ss.l',
    // Our `error` fields are strings (String(error)): on the line with the others, not under it.
    errorLikeObjectKeys: [],
  });
}

/** A destination that hands `destination` each line as prettyLine makes it. */
export function prettyLog(destination: LogDestination, colorize: boolean): LogDestination {
  const pretty = prettyLine(colorize);
  return { write: (line) => destination.write(pretty(line)) };
}
