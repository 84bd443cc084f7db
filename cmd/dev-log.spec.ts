import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../lib/observability/logger';
import { humanLine, openDevLog } from './dev-log';

describe('humanLine', () => {
  it('puts level, name, message and fields on one line a person reads', () => {
    const line = { time: 't', level: 'warn' as const, name: 'bank-11111111', msg: 'outbox publisher failed' };
    expect(humanLine({ ...line, error: 'QueryFailedError: gone', failures: 1, partition: 'a' })).toBe(
      'warn  bank-11111111: outbox publisher failed  error="QueryFailedError: gone" failures=1 partition=a',
    );
  });
});

describe('openDevLog', () => {
  it('writes every JSON line to the file and shows only warnings and errors, readably', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'codepix-dev-log-'));
    const shown: string[] = [];
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      shown.push(String(chunk));
      return true;
    });
    try {
      const log = openDevLog(path.join(dir, 'dev.log'));
      const logger = createLogger('info', 'codepix', log.sink);
      logger.info('hub listening', { grpc: '127.0.0.1:50051' });
      logger.warn('port taken', { port: 5432 });
      log.close();
      const lines = readFileSync(path.join(dir, 'dev.log'), 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => [l.level, l.msg])).toEqual([
        ['info', 'hub listening'],
        ['warn', 'port taken'],
      ]);
      expect(shown).toEqual(['warn  codepix: port taken  port=5432\n']);
    } finally {
      stderr.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
