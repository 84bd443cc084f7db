import type { FastifyInstance } from 'fastify';
import { createLogger } from '../../../lib/observability/logger';
import { newSessionSecret, SessionTokens } from '../../../lib/security/session-token';
import { GenerateBrCode } from '../../application/generate-br-code';
import { ListPixKeys } from '../../application/list-pix-keys';
import { RegisterPixKey } from '../../application/register-pix-key';
import { BANK_ISPB, bankFixture, OWNER_CPF } from '../../application/testing/bank-fixture';
import { FakeHubDirectory, SequentialRandom } from '../../application/testing/in-memory-bank';
import { BankMetrics } from '../bank-metrics';
import { ChangeFeed } from '../change-feed';
import { buildBankApp } from './app';

/** The calls here are the operator's: customers' calls are in test/integration/bank-auth.test.ts. */
const OPERATOR = 'operator-token-of-the-spec';
const asOperator = { authorization: `Bearer ${OPERATOR}` };

/**
 * The HTTP door on fastify over the in-memory bank (no socket: fastify's inject): schema refusals in
 * the API's one error shape, 404/405/413/415, answers serialized as the docs say, timing by route.
 */
describe('the bank HTTP app', () => {
  let app: FastifyInstance;
  let metrics: BankMetrics;
  let number: string;
  beforeAll(async () => {
    const f = bankFixture();
    const hub = new FakeHubDirectory();
    metrics = new BankMetrics(BANK_ISPB);
    app = await buildBankApp({
      logger: createLogger('error'),
      credentials: {
        operatorToken: OPERATOR,
        sessions: new SessionTokens(newSessionSecret()),
        sessionSeconds: 60,
      },
      timing: metrics.http,
      useCases: {
        ispb: BANK_ISPB,
        name: 'Banco Azul',
        color: '#1d4ed8',
        changes: new ChangeFeed(),
        checkDatabase: async () => undefined,
        openAccount: f.openAccount,
        depositMoney: f.deposit,
        closeAccount: f.closeAccount,
        registerPixKey: new RegisterPixKey(f.uow, hub),
        listPixKeys: new ListPixKeys(f.uow, hub),
        sendPix: f.sendPix,
        sendRefund: f.sendRefund,
        generateBrCode: new GenerateBrCode(f.uow, hub, f.clock, new SequentialRandom(), 'SAO PAULO'),
        openClaim: f.openClaim,
        claimSteps: f.claimSteps,
        queries: f.queries,
        logIn: f.logIn,
        setPassword: f.setPassword,
        customerAccess: f.customerAccess,
        metrics: metrics.registry,
      },
    });
    number = (await f.funded(1500n)).number;
  });
  afterAll(() => app.close());

  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: string, headers = {}) => {
    const answer = await app.inject({ method, url, payload, headers: { ...asOperator, ...headers } });
    return { status: answer.statusCode, headers: answer.headers, body: answer.json() };
  };
  const post = (url: string, body: unknown, headers = {}) => call('POST', url, JSON.stringify(body), headers);

  it('answers amounts as strings of cents and times in ISO 8601, as before fastify', async () => {
    expect((await call('GET', `/accounts/${number}`)).body).toEqual({
      branch: '0001',
      number,
      type: 'CACC',
      ownerName: 'Maria',
      ownerTaxId: OWNER_CPF,
      status: 'open',
      balance: '1500',
      held: '0',
      available: '1500',
    });
    const sent = await post(
      '/transfers',
      { fromAccount: number, key: 'joao@example.com', amount: 100 },
      { 'idempotency-key': 'k-1' },
    );
    expect(sent).toMatchObject({ status: 202, body: { amount: '100', description: '', status: 'pending' } });
    expect(sent.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(sent.body).not.toHaveProperty('reason');
    const [entry] = (await call('GET', `/accounts/${number}/statement`)).body.entries;
    expect(entry).toEqual({ kind: 'deposit', amount: '1500', balanceAfter: '1500', at: expect.any(String) });
  });

  it.each([
    [{ ownerTaxId: OWNER_CPF }, 'ownerName', 'ownerName: is required'],
    [{ ownerName: 5, ownerTaxId: OWNER_CPF }, 'ownerName', 'ownerName: must be string'],
    [
      { ownerName: 'A', ownerTaxId: '123' },
      'ownerTaxId',
      'ownerTaxId: must be a CPF (11 digits) or a CNPJ (14 digits)',
    ],
    [
      { ownerName: 'A', ownerTaxId: OWNER_CPF, type: 'XX' },
      'type',
      'type: must be one of CACC, SVGS, SLRY, TRAN',
    ],
    [
      { ownerName: 'a\u0000b', ownerTaxId: OWNER_CPF },
      'ownerName',
      'ownerName: must not contain NUL characters',
    ],
    [
      { ownerName: 'A', ownerTaxId: OWNER_CPF, x: ['\u0000'] },
      'x[0]',
      'x[0]: must not contain NUL characters',
    ],
  ])('refuses the body %j with 400 naming %s, in the API shape', async (body, field, message) => {
    expect(await post('/accounts', body)).toEqual({
      status: 400,
      headers: expect.anything(),
      body: { error: { code: 'VALIDATION.INVALID_FIELD', message, field } },
    });
  });

  it.each([
    [{ amount: true }, 'amount: must be string or integer'],
    [
      { amount: '12.50' },
      'amount: must be whole cents, as a string of digits or an integer, 1 to 1000000000000',
    ],
    [{ amount: 0 }, 'amount: must be whole cents, as a string of digits or an integer, 1 to 1000000000000'],
    [{ amount: '0' }, 'amount: must be at least 1 cent'],
  ])('refuses the deposit %j: the schema or the use case, in one shape', async (body, message) => {
    const refused = await post(`/accounts/${number}/deposits`, body);
    expect(refused).toMatchObject({ status: 400, body: { error: { field: 'amount', message } } });
  });

  it('says its name, ISPB and colour on GET /brand, for the web app to wear', async () => {
    expect(await call('GET', '/brand')).toMatchObject({
      status: 200,
      body: { ispb: BANK_ISPB, name: 'Banco Azul', color: '#1d4ed8' },
    });
  });

  it('draws each BR Code it makes as a QR code, an SVG image beside the payload', async () => {
    await post(`/accounts/${number}/pix-keys`, { kind: 'email', key: 'maria.qr@example.com' });
    const made = await post(`/accounts/${number}/br-codes`, { key: 'maria.qr@example.com', amount: '990' });
    expect(made.status).toBe(201);
    expect(made.body.payload).toMatch(/^000201/);
    expect(made.body.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" [^>]*viewBox="0 0 \d+ \d+"/);
  });

  it('names the Idempotency-Key header and query parameters; an empty parameter is absent', async () => {
    const order = { fromAccount: number, key: 'joao@example.com', amount: '1' };
    expect((await post('/transfers', order)).body.error.field).toBe('Idempotency-Key');
    expect((await post('/transfers', order, { 'idempotency-key': 'a b' })).body.error).toMatchObject({
      field: 'Idempotency-Key',
      message: 'Idempotency-Key: must be 1 to 128 printable characters',
    });
    expect((await call('GET', '/transfers?status=done')).body.error.field).toBe('status');
    expect((await call('GET', '/transfers?limit=1&limit=2')).body.error.field).toBe('limit');
    expect((await call('GET', '/transfers?limit=1001')).body.error.field).toBe('limit');
    expect((await call('GET', `/transfers?status=&account=${number}`)).body.transfers).toHaveLength(1);
  });

  it('answers 404 for what a path cannot name, 405 with Allow, before reading any body', async () => {
    for (const [url, code] of [
      ['/accounts/12ab', 'ACCOUNT.NOT_FOUND'],
      ['/accounts/424242', 'ACCOUNT.NOT_FOUND'],
      [`/accounts/${'9'.repeat(200)}`, 'ROUTE.NOT_FOUND'],
      ['/transfers/E1', 'TRANSFER.NOT_FOUND'],
      ['/nowhere', 'ROUTE.NOT_FOUND'],
    ]) {
      expect(await call('GET', url)).toMatchObject({ status: 404, body: { error: { code } } });
    }
    expect((await call('GET', '/accounts/%E0%A4%A')).body.error).toMatchObject({
      code: 'REQUEST.INVALID_PATH',
    });
    expect((await call('POST', '/nowhere', '{not json')).status).toBe(404);
    const wrong = await call('DELETE', '/accounts', '{not json');
    expect(wrong).toMatchObject({ status: 405, headers: { allow: 'POST, GET' } });
    expect(wrong.body).toEqual({
      error: { code: 'REQUEST.METHOD_NOT_ALLOWED', message: 'DELETE not allowed' },
    });
  });

  it('reads any body as a JSON object, refusing others, poisoned keys, 64 KiB and non-media types', async () => {
    const open = (payload: string, headers = {}) => call('POST', '/accounts', payload, headers);
    const opened = JSON.stringify({ ownerName: 'Ana', ownerTaxId: OWNER_CPF });
    expect((await open(opened, { 'content-type': 'text/plain' })).status).toBe(201);
    expect((await open(opened, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(201);
    for (const [payload, message] of [
      ['{"ownerName": ', 'body is not valid JSON'],
      ['[]', 'body must be a JSON object'],
      ['{"__proto__": {"a": 1}}', 'body must not have a __proto__ or constructor.prototype key'],
    ]) {
      expect((await open(payload)).body).toEqual({
        error: { code: 'REQUEST.INVALID_JSON', message, field: 'body' },
      });
    }
    expect(await open(' '.repeat(64 * 1024 + 1))).toMatchObject({
      status: 413,
      body: { error: { code: 'REQUEST.TOO_LARGE' } },
    });
    expect(await open(opened, { 'content-type': ';;' })).toMatchObject({
      status: 415,
      body: { error: { code: 'REQUEST.INVALID_CONTENT_TYPE', field: 'Content-Type' } },
    });
    // No body at all is `{}` too: the schema names what is missing.
    expect((await call('POST', '/accounts')).body.error.message).toBe('ownerName: is required');
  });

  it('times every answer by route pattern, and what matched none as (unrouted)', async () => {
    await call('GET', `/accounts/${number}`);
    await call('GET', '/elsewhere');
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /codepix_bank_http_request_seconds_count\{[^}]*route="\/accounts\/:number",status="200"\}/,
    );
    expect(text).toMatch(
      /codepix_bank_http_request_seconds_count\{[^}]*method="GET",route="\(unrouted\)",status="404"\}/,
    );
  });
});
