import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../lib/observability/logger';
import { type LogFormat, openDevLog } from './dev-log';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'codepix-dev-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The lines of `file` once it holds `count` of them: it is written asynchronously. */
async function fileLines(file: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    if (lines.length >= count || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A stack's logger on a dev log whose screen is kept for the test to read. */
function devLog(target: string, format: LogFormat) {
  const screen: string[] = [];
  const log = openDevLog({ target, format, level: 'info', screen: { write: (line) => screen.push(line) } });
  const logger = createLogger('info', 'bank-11111111', log.destination);
  logger.info('hub listening', { grpc: '127.0.0.1:50051' });
  logger.warn('port taken', { port: 5432 });
  return screen;
}

const PRETTY_WARNING = /^\[\d\d:\d\d:\d\d\.\d{3}\] WARN \(bank-11111111\): port taken \{"port":5432\}\n$/;

describe('openDevLog', () => {
  it('writes every line to the file as JSON and shows only warnings and errors, for a person', async () => {
    const file = path.join(dir, 'home', 'dev.log');
    const screen = devLog(file, 'pretty');
    const lines = (await fileLines(file, 2)).map((line) => JSON.parse(line));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        name: 'bank-11111111',
        msg: 'hub listening',
        grpc: '127.0.0.1:50051',
      }),
      expect.objectContaining({ level: 'warn', name: 'bank-11111111', msg: 'port taken', port: 5432 }),
    ]);
    expect(screen).toEqual([expect.stringMatching(PRETTY_WARNING)]);
  });

  it('shows the warnings as JSON lines for a program reading the screen', async () => {
    const file = path.join(dir, 'dev.log');
    const screen = devLog(file, 'json');
    expect(await fileLines(file, 2)).toHaveLength(2);
    expect(screen.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'port taken', port: 5432 }),
    ]);
  });

  it('puts the whole log on the screen with -, in the format asked for', () => {
    expect(devLog('-', 'json').map((line) => JSON.parse(line).msg)).toEqual(['hub listening', 'port taken']);
    const pretty = devLog('-', 'pretty');
    expect(pretty).toHaveLength(2);
    expect(pretty[0]).toMatch(/ INFO \(bank-11111111\): hub listening \{"grpc":"127\.0\.0\.1:50051"\}\n$/);
    expect(pretty[1]).toMatch(PRETTY_WARNING);
  });
});
