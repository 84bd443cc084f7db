import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import {
  createLogger,
  type LogDestination,
  type Logger,
  type LogLevel,
} from '../../lib/observability/logger';
import { LOG_CAPTURE, type LogCapture } from './log-capture';

/**
 * The running test's log (test/log-environment.ts): shown if the test fails, dropped if it passes.
 * Outside that environment (a global setup) there is none, and lines go to stderr.
 */
export const testLog: LogDestination = {
  write: (text) => {
    const capture = (globalThis as Record<string, unknown>)[LOG_CAPTURE] as LogCapture | undefined;
    if (capture) capture.write(text);
    else process.stderr.write(text);
  },
};

/** Tests log at info (LOG_LEVEL says otherwise): nobody reads it unless a test fails. */
export const TEST_LOG_LEVEL = (process.env.LOG_LEVEL ?? 'info') as LogLevel;

/** A logger for what a test starts in its own process (a hub, a bank, a Kafka client), into testLog. */
export function testLogger(name = 'codepix', level: LogLevel = TEST_LOG_LEVEL): Logger {
  return createLogger(level, name, testLog);
}

/** A child process's stderr (its log, or a CLI's error line) into testLog, line by line. */
export function captureStderr(child: ChildProcess): void {
  if (child.stderr) createInterface({ input: child.stderr }).on('line', (line) => testLog.write(`${line}\n`));
}
