import pino, { type DestinationStream } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type { DestinationStream as LogDestination };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /**
   * The pino logger underneath, for a library that takes one (fastify's `loggerInstance`): the same
   * lines, level and destination. Its calls take the fields first: `logger.pino.info({ port }, 'up')`.
   */
  readonly pino: pino.Logger;
}

/**
 * The one line format of every process: a JSON object a line, `level` as its name ("warn"), `time` in
 * ISO 8601, the process's `pid` and `name` (codepix for the hub, bank-<ispb> for a bank), `msg`, then
 * the fields. No hostname: whatever collects the lines knows where they came from.
 */
const LINE_FORMAT: pino.LoggerOptions = {
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
};

/**
 * Asynchronous (SonicBoom, as pino recommends for throughput): a line is handed to the kernel after
 * the call returns, and what is still queued is written synchronously when the process exits, a
 * process.exit() or an uncaught exception included (pino registers that), so a stop loses nothing.
 */
function asyncDestination(options: { fd: number } | { dest: string; mkdir: true; append: false }) {
  return pino.destination({ ...options, sync: false });
}

let stderr: ReturnType<typeof asyncDestination> | undefined;

/** stderr, so stdout stays free for CLI output: one destination a process, shared by all its loggers. */
export function stderrLog(): DestinationStream {
  stderr ??= asyncDestination({ fd: 2 });
  return stderr;
}

/** A log file, fresh for this run (its directory made if missing), written as stderrLog is. */
export function fileLog(file: string): DestinationStream {
  return asyncDestination({ dest: file, mkdir: true, append: false });
}

/**
 * Writes out what stderrLog still holds, for a caller about to write a last line of its own on stderr
 * (the CLI's `error: ...`), which must come after the log lines that explain it.
 */
export function flushStderrLog(): void {
  stderr?.flushSync();
}

/** The one logger: JSON lines at `level` and above, on stderr unless a destination says where else. */
export function createLogger(
  level: LogLevel = 'info',
  name = 'codepix',
  destination: DestinationStream = stderrLog(),
): Logger {
  const logger = pino({ ...LINE_FORMAT, level, name }, destination);
  return {
    pino: logger,
    debug: (msg, fields) => logger.debug(fields, msg),
    info: (msg, fields) => logger.info(fields, msg),
    warn: (msg, fields) => logger.warn(fields, msg),
    error: (msg, fields) => logger.error(fields, msg),
  };
}
