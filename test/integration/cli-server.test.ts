import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MIGRATIONS } from '../../src/infrastructure/persistence/data-source';
import {
  buildCliOnce,
  finished,
  lineMatching,
  parseJson,
  processesMentioning,
  run,
  start,
} from '../support/cli';
import { createTestDatabase, dropTestDatabases } from '../support/database';

/** The built `codepix` binary running the hub itself: migrate, serve and dev up, and how each stops. */

const databases: string[] = [];
/** A fresh, empty database on the integration Postgres; dropped after the run. */
async function freshDatabase(): Promise<string> {
  const url = await createTestDatabase('cli');
  databases.push(url);
  return url;
}

beforeAll(() => buildCliOnce(), 120_000);

afterAll(() => dropTestDatabases(databases));

describe('codepix migrate, serve and dev up', () => {
  it('migrate applies pending migrations once', async () => {
    const env = { DATABASE_URL: await freshDatabase() };
    const first = await run(['migrate', '--json'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ applied: MIGRATIONS.map((M) => new M().name) });
    const again = await run(['migrate'], env);
    expect(again).toMatchObject({ code: 0, stdout: 'nothing to apply: the database is up to date\n' });
  });

  it('serve --migrate runs a hub until SIGTERM, then exits 0', async () => {
    const env = { DATABASE_URL: await freshDatabase(), GRPC_HOST: '127.0.0.1' };
    const child = start(['serve', '--migrate', '--port', '0'], env);
    const done = finished(child);
    const port = await lineMatching(child.stderr as NodeJS.ReadableStream, (line) => {
      const log = parseJson(line);
      return log?.msg === 'hub listening' ? Number(log.grpc.split(':').pop()) : undefined;
    });
    const banks = await run(['bank', 'list', '--hub', `127.0.0.1:${port}`, '--json']);
    expect(banks).toMatchObject({ code: 0, stdout: '[]\n' });
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('"msg":"hub stopped"');
  }, 60_000);

  it('dev up starts Postgres and Kafka, serves, and on Ctrl-C stops the hub, then both, and exits 0', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'codepix-cli-dev-'));
    try {
      // Nothing configured: the user's first run, embedded Postgres (whose library brings its own signal
      // hooks) and a local Kafka broker included.
      const env = {
        DATABASE_URL: undefined,
        KAFKA_BROKERS: undefined,
        GRPC_HOST: '127.0.0.1',
        CODEPIX_HOME: home,
      };
      const child = start(['dev', 'up', '--port', '0', '--json'], env);
      const done = finished(child);
      const up = await lineMatching(child.stdout as NodeJS.ReadableStream, parseJson, 120_000);
      expect(up).toEqual({
        hub: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
        databaseUrl: expect.stringMatching(/^postgres:\/\/.+@127\.0\.0\.1:\d+\/codepix$/),
        kafkaBrokers: [expect.stringMatching(/^127\.0\.0\.1:\d+$/)],
      });
      expect(processesMentioning(home).length).toBeGreaterThanOrEqual(2);
      const bank = await run(['bank', 'register', '22222222', 'Banco Verde', '--hub', up.hub, '--json']);
      expect(bank.code).toBe(0);

      child.kill('SIGINT');
      const result = await done;
      expect(result.code).toBe(0);
      const order = ['"msg":"hub stopped"', '"msg":"local infrastructure stopped"'].map((m) =>
        result.stderr.indexOf(m),
      );
      expect(order[0]).toBeGreaterThan(-1);
      expect(order[1]).toBeGreaterThan(order[0]);
      expect(processesMentioning(home)).toEqual([]);
      // A clean Postgres shutdown removes its pid file; a killed one leaves it behind.
      expect(existsSync(path.join(home, 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 180_000);
});
