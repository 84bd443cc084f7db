import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prettyLine } from '../../lib/observability/pretty-log';

/**
 * What a test file's global holds its LogCapture under: the test environment (test/log-environment.ts)
 * puts it there, outside the file's module registry, and test/support/test-log.ts writes to it.
 */
export const LOG_CAPTURE = 'codepixTestLog';

/** Lines kept per test: a test that logs more loses its oldest, and its report says how many. */
const KEPT = 20_000;
/** The lines of a failing test's log shown with its failure; all of them go to a file. */
const SHOWN = 60;

/** Where failing tests' logs go: the integration run's folder (global setup), else a shared one. */
export function testLogsDir(): string {
  return process.env.CODEPIX_TEST_LOGS ?? path.join(os.tmpdir(), 'codepix-test-logs');
}

/** The log lines of the test running now (hooks before it included), of every logger and process. */
export class LogCapture {
  private lines: string[] = [];
  private dropped = 0;

  write(text: string): void {
    for (const line of text.split('\n')) if (line) this.lines.push(line);
    // Trimmed in halves, so a chatty test pays for one copy per KEPT lines, not one per line.
    if (this.lines.length > 2 * KEPT) {
      this.dropped += this.lines.length - KEPT;
      this.lines = this.lines.slice(-KEPT);
    }
  }

  /** What was logged since the last take; forgets it, so the next test starts empty. */
  take(): { lines: string[]; dropped: number } {
    const taken = {
      lines: this.lines.slice(-KEPT),
      dropped: this.dropped + Math.max(0, this.lines.length - KEPT),
    };
    this.lines = [];
    this.dropped = 0;
    return taken;
  }
}

/**
 * A failing test's log, as an error for its report: the whole log written to `file` as it came (JSON
 * lines), its last lines shown readably. The first line is the error's message; Jest shows the rest
 * under it as it shows a stack.
 */
export function logReport(
  taken: { lines: string[]; dropped: number },
  file: string,
  whose = "The test's log",
): Error {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, taken.lines.map((line) => `${line}\n`).join(''));
  const { lines, dropped } = taken;
  const total = lines.length + dropped;
  const shown = lines.slice(-SHOWN);
  const pretty = prettyLine(process.stderr.hasColors?.() === true);
  const title =
    shown.length < total
      ? `${whose}, its last ${shown.length} of ${total} lines (${lines.length} in ${file}):`
      : `${whose} (also in ${file}):`;
  const report = new Error(title);
  report.stack = [title, ...shown.map((line) => pretty(line).trimEnd())].join('\n');
  return report;
}

/** A file name for a test's log: its words, lower case, dash-separated. */
export function logFileName(words: string): string {
  const slug = words
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug.slice(0, 120) || 'log'}.log`;
}
