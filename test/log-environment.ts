import path from 'node:path';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';
import { quietIpServerNameWarning } from '../lib/security/client-credentials';
import { LOG_CAPTURE, LogCapture, logFileName, logReport, testLogsDir } from './support/log-capture';

/** "describe › test", as Jest names a test in its report. */
function fullName(test: Circus.TestEntry): string {
  const names = [test.name];
  for (let block = test.parent; block?.parent; block = block.parent) names.unshift(block.name);
  return names.join(' › ');
}

/**
 * Jest's node environment, with a log capture for the test file: the loggers and the processes a test
 * starts write to it (test/support/test-log.ts), and a test's log is reported only if the test fails,
 * as one more error of the test: its last lines, and the file that holds all of them. A passing
 * test's log is dropped, so a green run prints Jest's report and nothing else.
 */
export default class LogCapturingEnvironment extends TestEnvironment {
  private readonly capture = new LogCapture();
  private readonly testFile: string;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.testFile = path.relative(config.globalConfig.rootDir, context.testPath);
    this.global[LOG_CAPTURE] = this.capture;
    // The TLS connections of a test's gRPC clients are made by Jest's own process, not the test's
    // sandbox, so the warning the clients quiet for themselves is quieted here, where Node emits it.
    quietIpServerNameWarning();
  }

  private logFile(name: string): string {
    return path.join(testLogsDir(), this.testFile.replace(/[\\/]/g, '__'), logFileName(name));
  }

  handleTestEvent(event: Circus.Event, state: Circus.State): void {
    if (event.name === 'test_done') {
      // Everything since the last test ended: this test's hooks (a beforeAll's, for the first) too.
      const taken = this.capture.take();
      const failed = event.test.errors.length > 0 && !event.test.failing;
      if (failed && taken.lines.length > 0) {
        event.test.errors.push(logReport(taken, this.logFile(fullName(event.test))));
      }
    } else if (event.name === 'hook_failure' && event.hook.type === 'afterAll') {
      // Jest reports an afterAll's failure for the file, not for a test: its log goes with it.
      const taken = this.capture.take();
      if (taken.lines.length > 0) {
        const whose = 'The log since the last test';
        state.unhandledErrors.push(logReport(taken, this.logFile('after-all'), whose));
      }
    }
  }
}
