export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export const LOG_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** One log line: what every sink is handed, with the line already serialised as JSON. */
export interface LogLine {
  time: string;
  level: LogLevel;
  name: string;
  msg: string;
  [field: string]: unknown;
}
export type LogSink = (line: LogLine, json: string) => void;

/** JSON lines on stderr, so stdout stays free for CLI output. */
export const stderrSink: LogSink = (_line, json) => {
  process.stderr.write(`${json}\n`);
};

/** The one logger: JSON lines, on stderr unless a sink says where else. */
export function createLogger(level: LogLevel = 'info', name = 'codepix', sink: LogSink = stderrSink): Logger {
  const write = (at: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (LOG_RANK[at] < LOG_RANK[level]) return;
    const line: LogLine = { time: new Date().toISOString(), level: at, name, msg, ...fields };
    sink(
      line,
      JSON.stringify(line, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
    );
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
