import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildCliOnce, finished } from '../support/cli';

/**
 * A process's log is written asynchronously: what is still queued when it stops must reach stderr
 * all the same, whichever way it stops. Run against the built logger, as `codepix` runs it.
 */
const LOGGER = path.resolve(__dirname, '../../dist/lib/observability/logger.js');
const LINES = 20_000;

function logThenStop(stop: string) {
  const script = `
    const logger = require(${JSON.stringify(LOGGER)}).createLogger('info', 'bank-11111111');
    for (let i = 0; i < ${LINES}; i++) logger.info('transfer applied', { i });
    ${stop}`;
  return finished(spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] }));
}

const logLines = (stderr: string) =>
  stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line).i);

beforeAll(() => buildCliOnce(), 120_000);

describe('the log of a process that stops', () => {
  it.each([
    ['process.exit', 'process.exit(3)', 3],
    ['an uncaught exception', "throw new Error('boom')", 1],
    ['the end of its work', '', 0],
  ])(
    'is all on stderr after %s, in order, and nothing on stdout',
    async (_how, stop, code) => {
      const run = await logThenStop(stop);
      expect(run.code).toBe(code);
      expect(run.stdout).toBe('');
      expect(logLines(run.stderr)).toEqual(Array.from({ length: LINES }, (_, i) => i));
    },
    60_000,
  );
});
