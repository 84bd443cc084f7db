import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

  it('dev up brings up the whole stack, a CLI transfer completes, and Ctrl-C stops it all and exits 0', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'codepix-cli-dev-'));
    try {
      // Nothing configured: the user's first run, embedded Postgres (whose library brings its own signal
      // hooks) and a local Kafka broker included.
      const env = {
        DATABASE_URL: undefined,
        KAFKA_BROKERS: undefined,
        GRPC_HOST: '127.0.0.1',
        CODEPIX_HOME: home,
        // Its own identities too, made under the home as on a fresh clone.
        CODEPIX_PKI: undefined,
      };
      const child = start(['dev', 'up', '--port', '0', '--banks-port-base', '0', '--json'], env);
      const done = finished(child);
      const up = await lineMatching(child.stdout as NodeJS.ReadableStream, parseJson, 150_000);
      expect(up).toMatchObject({
        hub: expect.stringMatching(/^localhost:\d+$/),
        databaseUrl: expect.stringMatching(/^postgres:\/\/.+@127\.0\.0\.1:\d+\/codepix$/),
        kafkaBrokers: [expect.stringMatching(/^127\.0\.0\.1:\d+$/)],
      });
      expect(up.banks.map((b: { ispb: string }) => b.ispb)).toEqual(['11111111', '22222222', '33333333']);
      expect(processesMentioning(home).length).toBeGreaterThanOrEqual(2);

      // The README's promise: with the stack up, a transfer sent with the CLI completes. The CLI calls
      // the banks with the operator token dev up left in the home.
      const beside = { CODEPIX_HOME: home };
      const [payer, , payee] = up.accounts;
      const sent = await run(
        [
          '--hub',
          up.hub,
          '--json',
          'transfer',
          'send',
          '--bank-url',
          payer.bankUrl,
          '--from',
          payer.number,
          '--to',
          payee.ownerTaxId,
          '--amount',
          '12.34',
          '--wait',
        ],
        beside,
      );
      expect(sent.stderr).toBe('');
      expect(sent.code).toBe(0);
      const transfer = JSON.parse(sent.stdout);
      expect(transfer.status).toBe('completed');
      // The hub trusts the identities this dev up made, as the CLI finds them beside its data.
      const asOperator = { CODEPIX_HOME: home, CODEPIX_PKI: undefined };
      const atHub = await run(
        ['--hub', up.hub, '--json', 'transfer', 'status', transfer.endToEndId],
        asOperator,
      );
      expect(JSON.parse(atHub.stdout)).toMatchObject({ status: 'completed', amount: '1234' });

      // A script that waits can tell: a rejected transfer exits 1, with its reason on stderr.
      const bank = ['--hub', up.hub, '--bank-url', payer.bankUrl];
      const send = ['transfer', 'send', '--from', payer.number, '--amount', '1.00', '--wait'];
      const rejected = await run([...bank, '--json', ...send, '--to', 'nobody-here@example.com'], beside);
      expect(rejected.code).toBe(1);
      const refused = JSON.parse(rejected.stdout);
      expect(refused).toMatchObject({ status: 'rejected', reason: 'KEY_NOT_FOUND' });
      expect(rejected.stderr).toBe(`error: transfer ${refused.endToEndId} rejected: KEY_NOT_FOUND\n`);

      // The bank's refusal of a field, in the CLI's own words.
      const owner = ['--owner-name', 'Maria Souza', '--owner-tax-id', '123'];
      expect(await run([...bank, 'account', 'open', ...owner], beside)).toEqual({
        code: 1,
        stdout: '',
        stderr: 'error: --owner-tax-id: must be a CPF (11 digits) or a CNPJ (14 digits)\n',
      });
      // Elsewhere, with no token to send, the CLI says how to give one.
      const elsewhere = await run([...bank, 'account', 'list'], {
        CODEPIX_HOME: path.join(home, 'elsewhere'),
      });
      expect(elsewhere.code).toBe(1);
      expect(elsewhere.stderr).toMatch(
        /^error: AUTH\.REQUIRED: the bank at .* needs the operator token; give .*--operator-token/,
      );

      child.kill('SIGINT');
      const result = await done;
      expect(result.code).toBe(0);
      // With --json, stdout is the one line a script reads; the JSON log is in the data dir.
      expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
      const log = readFileSync(path.join(home, 'dev.log'), 'utf8');
      const order = ['"msg":"hub stopped"', '"msg":"local infrastructure stopped"'].map((m) =>
        log.indexOf(m),
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
