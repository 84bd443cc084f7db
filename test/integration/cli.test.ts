import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../../src/infrastructure/config/config';
import { type Hub, startHub } from '../../src/infrastructure/hub';
import { freePort } from '../../src/infrastructure/local/free-port';
import { createLogger } from '../../src/infrastructure/logger';
import { MIGRATIONS } from '../../src/infrastructure/persistence/data-source';

/**
 * Drives the built `codepix` binary as a user would, against a hub on a database of its own.
 * Exit codes, stdout and stderr are the contract checked here.
 */
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cmd/codepix.js');
const vectors = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../shared/vectors/pix-keys.json'), 'utf8'),
);
const [CPF] = vectors.cpf.valid as string[];
const [CNPJ] = vectors.cnpj.valid as string[];
const BAD_CPF = '52998224726'; // wrong check digits
const ISPB = '11111111';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of every child: the test's own, minus anything that would pick the hub for it. */
function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', CODEPIX_HUB: undefined, ...extra };
  for (const name of Object.keys(env)) if (env[name] === undefined) delete env[name];
  return env;
}

function start(args: string[], env?: Record<string, string | undefined>): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: childEnv(env) });
}

function finished(child: ChildProcess): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const run = (args: string[], env?: Record<string, string | undefined>) => finished(start(args, env));

/** Resolves with the first line on `stream` that `match` accepts. */
function lineMatching<T>(
  stream: NodeJS.ReadableStream,
  match: (line: string) => T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error(`no matching line in ${timeoutMs} ms: ${buffer}`)),
      timeoutMs,
    );
    stream.on('data', (chunk) => {
      buffer += chunk;
      for (const line of buffer.split('\n').slice(0, -1)) {
        const found = match(line);
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        }
      }
    });
  });
}

/** Command lines of the live processes that name `dir` (Linux /proc): Postgres and Kafka started under it. */
function processesMentioning(dir: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        return cmdline.includes(dir) ? [cmdline] : [];
      } catch {
        return []; // gone meanwhile
      }
    });
}

const parseJson = (line: string) => {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
};

/** The CLI as the tests run it: compiled with the same tsc settings `npm run build` uses. */
function buildCli(): void {
  const gen = path.join(ROOT, 'src/gen/codepix/v1/pix_key.ts');
  if (!existsSync(gen)) execFileSync('npm', ['run', 'gen'], { cwd: ROOT, stdio: 'pipe' });
  try {
    execFileSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout: Buffer; stderr: Buffer };
    throw new Error(`build failed:\n${stdout}${stderr}`);
  }
}

const databases: string[] = [];
/** A fresh, empty database on the integration Postgres; dropped after the run. */
async function freshDatabase(): Promise<string> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set: test/global-setup.ts should have set it');
  const name = `cli_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  databases.push(name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabases(): Promise<void> {
  const admin = new Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

let hub: Hub;
let address: string;
/** The CLI against the test hub, in JSON mode; exit 0 expected, stdout parsed. */
async function json(...args: string[]) {
  const result = await run([...args, '--hub', address, '--json']);
  if (result.code !== 0) throw new Error(`codepix ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}
const text = (...args: string[]) => run([...args, '--hub', address]);

beforeAll(async () => {
  buildCli();
  const databaseUrl = await freshDatabase();
  hub = await startHub({
    config: { ...loadConfig(), grpcPort: 0, grpcHost: '127.0.0.1' },
    logger: createLogger('warn', 'cli-test-hub'),
    databaseUrl,
    migrate: true,
  });
  address = `127.0.0.1:${hub.grpcPort}`;
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  await dropDatabases();
});

const person = ['--branch', '1', '--account', '12345', '--owner-name', 'Maria Souza', '--owner-tax-id', CPF];
const company = ['--branch', '0002', '--account', '900', '--type', 'tran', '--owner-name', 'Azul Ltda'];

describe('codepix bank and key commands', () => {
  it('registers a bank and lists it', async () => {
    const bank = await json('bank', 'register', ISPB, 'Banco Azul');
    expect(bank).toEqual({
      ispb: ISPB,
      name: 'Banco Azul',
      active: true,
      createdAt: expect.stringMatching(ISO_TIME),
    });
    expect(await json('bank', 'list')).toEqual([bank]);
  });

  it('refuses a second bank with the same ISPB', async () => {
    const result = await text('bank', 'register', ISPB, 'Banco Outro');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: ALREADY_EXISTS: .+\n$/);
    expect(result.stdout).toBe('');
  });

  const registered: Record<string, string> = {};

  it('registers keys of all five kinds', async () => {
    const cpf = await json('key', 'register', '--bank', ISPB, '--kind', 'cpf', ...person);
    expect(cpf).toEqual({
      key: CPF,
      kind: 'cpf',
      ownerName: 'Maria Souza',
      ownerTaxIdMasked: `***.${CPF.slice(3, 6)}.${CPF.slice(6, 9)}-**`,
      ispb: ISPB,
      bankName: 'Banco Azul',
      branch: '1',
      accountNumber: '12345',
      accountType: 'CACC',
      createdAt: expect.stringMatching(ISO_TIME),
    });
    const email = await json(
      'key',
      'register',
      '--bank',
      ISPB,
      '--kind',
      'email',
      '--key',
      'Maria@Example.COM',
      ...person,
    );
    expect(email).toMatchObject({ key: 'maria@example.com', kind: 'email' });
    const phone = await json(
      'key',
      'register',
      '--bank',
      ISPB,
      '--kind',
      'phone',
      '--key',
      '+5511987654321',
      ...person,
    );
    expect(phone).toMatchObject({ key: '+5511987654321', kind: 'phone' });
    const evp = await json('key', 'register', '--bank', ISPB, '--kind', 'evp', ...person);
    expect(evp).toMatchObject({ kind: 'evp', accountNumber: '12345' });
    expect(evp.key).toMatch(UUID_V4);
    const cnpj = await json(
      'key',
      'register',
      '--bank',
      ISPB,
      '--kind',
      'cnpj',
      '--key',
      CNPJ,
      ...company,
      '--owner-tax-id',
      CNPJ,
    );
    expect(cnpj).toMatchObject({
      key: CNPJ,
      kind: 'cnpj',
      accountType: 'TRAN',
      branch: '0002',
      ownerName: 'Azul Ltda',
    });
    Object.assign(registered, {
      cpf: cpf.key,
      email: email.key,
      phone: phone.key,
      evp: evp.key,
      cnpj: cnpj.key,
    });
  });

  it('finds each key', async () => {
    for (const [kind, key] of Object.entries(registered)) {
      expect(await json('key', 'find', key, '--bank', ISPB)).toMatchObject({ key, kind, ispb: ISPB });
    }
  });

  it("lists an account's keys", async () => {
    const keys = await json('key', 'list', '--bank', ISPB, '--branch', '1', '--account', '12345');
    expect(keys.map((k: { key: string }) => k.key).sort()).toEqual(
      [registered.cpf, registered.email, registered.phone, registered.evp].sort(),
    );
    expect(await json('key', 'list', '--bank', ISPB, '--branch', '9', '--account', '9')).toEqual([]);
  });

  it('prints readable tables and key-value blocks without --json', async () => {
    const list = await text('bank', 'list');
    expect(list.code).toBe(0);
    const [header, row, ...rest] = list.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ISPB {6}NAME {8}ACTIVE {2}CREATED$/);
    expect(row).toMatch(/^11111111 {2}Banco Azul {2}yes {5}\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(rest).toEqual([]);

    const found = await text('key', 'find', registered.cpf, '--bank', ISPB);
    expect(found.code).toBe(0);
    expect(found.stdout.split('\n')).toEqual([
      `Key           ${CPF}`,
      'Kind          cpf',
      'Owner         Maria Souza',
      `Owner tax id  ***.${CPF.slice(3, 6)}.${CPF.slice(6, 9)}-**`,
      'Bank          11111111 Banco Azul',
      'Branch        1',
      'Account       12345',
      'Account type  CACC',
      expect.stringMatching(/^Created {7}\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      '',
    ]);

    const keys = await text('key', 'list', '--bank', ISPB, '--branch', '1', '--account', '12345');
    const lines = keys.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^KEY +KIND +OWNER +CREATED$/);
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.startsWith('maria@example.com '))).toMatch(/ email +Maria Souza +\d{4}-/);
  });

  it('reports a malformed key in one line and exits 1', async () => {
    const result = await text(
      'key',
      'register',
      '--bank',
      ISPB,
      '--kind',
      'cpf',
      '--key',
      BAD_CPF,
      ...person,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: INVALID_ARGUMENT: key: [^\n]+\n$/);
  });

  it('deletes keys; a deleted key is no longer found', async () => {
    for (const key of Object.values(registered)) {
      expect(await json('key', 'delete', key, '--bank', ISPB)).toEqual({ key, deleted: true });
    }
    const result = await text('key', 'find', registered.email, '--bank', ISPB);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: NOT_FOUND: [^\n]+\n$/);
    expect(await json('key', 'list', '--bank', ISPB, '--branch', '1', '--account', '12345')).toEqual([]);
  });

  it('deactivates the bank, which can then register no key', async () => {
    expect(await json('bank', 'deactivate', ISPB)).toMatchObject({ ispb: ISPB, active: false });
    expect(await json('bank', 'list')).toEqual([expect.objectContaining({ ispb: ISPB, active: false })]);
    const result = await text('key', 'register', '--bank', ISPB, '--kind', 'cpf', ...person);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: FAILED_PRECONDITION: [^\n]+\n$/);
  });
});

describe('codepix errors', () => {
  it('says so in one line when the hub cannot be reached', async () => {
    const nobody = `127.0.0.1:${await freePort()}`;
    const result = await run(['bank', 'list', '--hub', nobody]);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `error: cannot reach hub at ${nobody}\n` });
  });

  it('exits 2 with one line for usage errors', async () => {
    const missing = await run(['key', 'find', 'maria@example.com']);
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: required option '--bank <ispb>' not specified\n",
    });
    const badKind = await run(['key', 'register', '--bank', ISPB, '--kind', 'iban', ...person]);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toMatch(/^error: option '--kind <kind>' argument 'iban' is invalid\.[^\n]+\n$/);
    const typo = await run(['bank', 'lst']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^error: unknown command 'lst'[^\n]*\n$/);
  });
});

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
