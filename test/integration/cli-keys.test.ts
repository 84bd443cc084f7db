import fs from 'node:fs';
import path from 'node:path';
import { identityPaths, loadIdentity } from '../../lib/security/identity-files';
import { freePort } from '../../src/infrastructure/local/free-port';
import { buildCliOnce, run } from '../support/cli';
import { dropTestDatabases } from '../support/database';
import { startTestHub, type TestHub } from '../support/test-hub';
import { testPki } from '../support/test-identities';
import { vectors } from '../support/vectors';

/** The bank and key commands of the built `codepix` binary against a hub on a database of its own. */

// Each call is a process of its own opening a TLS connection: several of them make a test.
jest.setTimeout(30_000);

const [CPF] = vectors.cpf.valid;
const [CNPJ] = vectors.cnpj.valid;
const BAD_CPF = '52998224726'; // wrong check digits
const ISPB = '11111111';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

let t: TestHub;
/** The CLI against the test hub, in JSON mode; exit 0 expected, stdout parsed. */
async function json(...args: string[]) {
  const result = await run([...args, '--hub', t.address, '--json']);
  if (result.code !== 0) throw new Error(`codepix ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}
const text = (...args: string[]) => run([...args, '--hub', t.address]);

beforeAll(async () => {
  await buildCliOnce();
  t = await startTestHub('cli');
}, 120_000);

afterAll(async () => {
  await t?.stop();
  if (t) await dropTestDatabases([t.databaseUrl]);
});

const person = ['--branch', '1', '--account', '12345', '--owner-name', 'Maria Souza', '--owner-tax-id', CPF];
const company = ['--branch', '0002', '--account', '900', '--type', 'tran', '--owner-name', 'Azul Ltda'];

describe('codepix bank and key commands', () => {
  it('registers a bank and lists it, writing its identity with the private key for its owner alone', async () => {
    // Where a user's `bank register` puts it, and where `key ... --bank` then finds it.
    const out = testPki().bank(ISPB);
    const { identity, ...bank } = await json('bank', 'register', ISPB, 'Banco Azul');
    expect(bank).toEqual({
      ispb: ISPB,
      name: 'Banco Azul',
      active: true,
      createdAt: expect.stringMatching(ISO_TIME),
    });
    expect(identity).toEqual({
      key: path.join(out, 'key.pem'),
      cert: path.join(out, 'cert.pem'),
      ca: path.join(out, 'ca.pem'),
      serial: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(fs.statSync(identity.key).mode & 0o777).toBe(0o600);
    expect(loadIdentity(identityPaths(out), 'bank').identity).toEqual({
      role: 'bank',
      name: ISPB,
      serial: identity.serial,
    });
    expect(await json('bank', 'list')).toEqual([bank]);
    expect((await json('pki', 'list', ISPB)).map((c: { serial: string }) => c.serial)).toEqual([
      identity.serial,
    ]);
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
    const [header, rule, row, ...rest] = list.stdout.trimEnd().split('\n');
    expect(header).toBe('ISPB      NAME        ACTIVE  CREATED');
    expect(rule).toBe(['─'.repeat(8), '─'.repeat(10), '─'.repeat(6), '─'.repeat(20)].join('  '));
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
    expect(lines[1]).toMatch(/^─+ {2}─+ {2}─+ {2}─+$/);
    // The four keys of the account, one line each under the headers.
    expect(lines).toHaveLength(6);
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
    // The field the hub refused, named once and as it was typed.
    expect(result.stderr).toBe('error: --key: has invalid check digits\n');
  });

  it('names a bad --owner-tax-id by its option, saying what it may be', async () => {
    const owner = ['--owner-name', 'Maria Souza', '--owner-tax-id', '123'];
    const account = ['--branch', '1', '--account', '12345', ...owner];
    const result = await text(
      'key',
      'register',
      '--bank',
      ISPB,
      '--kind',
      'email',
      '--key',
      'm@x.co',
      ...account,
    );
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: --owner-tax-id: must be a CPF (11 digits) or a CNPJ (14 digits)\n',
    });
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
