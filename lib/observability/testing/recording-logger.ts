import pino from 'pino';
import { createLogger, type LogDestination, type Logger, type LogLevel } from '../logger';

export interface LogEntry {
  level: LogLevel;
  msg: string;
  /** The fields as the caller gave them, without what the logger adds (time, pid, name). */
  fields: Record<string, unknown>;
}

/**
 * A real logger that also keeps what it writes, for tests of what is logged: every line at `level`
 * and above, in `entries`; `also`, when given, is handed each line too. The entries are what the
 * caller passed (pino hands a destination that asks for it the level, message and fields of each
 * line), so a field named like one the logger adds is kept as the caller gave it.
 */
export function recordingLogger(
  level: LogLevel = 'debug',
  also?: LogDestination,
): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const destination = {
    [Symbol.for('pino.metadata')]: true,
    lastLevel: 0,
    lastMsg: '',
    lastObj: {},
    write(line: string) {
      const label = pino.levels.labels[this.lastLevel] as LogLevel;
      entries.push({ level: label, msg: this.lastMsg, fields: { ...this.lastObj } });
      also?.write(line);
    },
  };
  return { ...createLogger(level, 'test', destination), entries };
}
