import { randomUUID } from 'node:crypto';
import { RejectionReason, TransferStatus } from '../../src/gen/codepix/v1/transfer';
import { type BankHarness, startBankHarness, waitFor } from '../support/bank-harness';
import { DocumentedAnswers, type OpenApiDocument } from '../support/openapi-document';
import { send } from '../support/raw-http';
import { vectors } from '../support/vectors';

/*
 * The bank's OpenAPI document (GET /openapi.json, docs/bank-api.md), and the operator's real answers
 * checked against it (one transfer may be in flight, so a second send is 429 BANK.BUSY). Its security,
 * the session routes and 401/403 are checked in bank-auth.test.ts.
 */
/** Every operation docs/bank-api.md lists, as the document writes paths. */
const OPERATIONS = [
  'GET /health',
  'GET /brand',
  'GET /events',
  'POST /accounts',
  'GET /accounts',
  'GET /accounts/{number}',
  'POST /accounts/{number}/deposits',
  'POST /accounts/{number}/close',
  'GET /accounts/{number}/statement',
  'POST /accounts/{number}/pix-keys',
  'GET /accounts/{number}/pix-keys',
  'POST /transfers',
  'POST /transfers/{endToEndId}/refunds',
  'GET /transfers/{endToEndId}',
  'GET /transfers',
  'GET /ledger/summary',
  'GET /metrics',
  'GET /openapi.json',
  'POST /accounts/{number}/br-codes',
  'POST /br-codes/parse',
  'GET /charges/{txid}',
  'POST /accounts/{number}/claims',
  'GET /accounts/{number}/claims',
  'GET /claims/{id}',
  'POST /claims/{id}/confirm',
  'POST /claims/{id}/cancel',
  'POST /claims/{id}/complete',
  'POST /session',
  'DELETE /session',
  'GET /me',
  'PUT /customers/{taxId}/password',
];
describe('bank simulator: its OpenAPI document, and real answers that fit it', () => {
  let h: BankHarness;
  let doc: OpenApiDocument;
  let answers: DocumentedAnswers;
  beforeAll(async () => {
    h = await startBankHarness('bank_openapi', '12121212', { transferDeadlineMs: 10_000, inFlightMax: 1 });
    doc = (await h.http('GET', '/openapi.json')).body;
    answers = new DocumentedAnswers(doc);
  }, 120_000);
  afterAll(async () => h?.stop(), 60_000);

  const call = async (
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => {
    const answer = await h.http(method, path, body, headers);
    answers.expectDocumented(method, path, answer);
    return answer;
  };

  it('is an OpenAPI 3.1 document of every route, its schemas valid JSON Schema 2020-12', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toEqual(
      expect.objectContaining({ title: expect.any(String), version: expect.any(String) }),
    );
    expect(
      answers
        .operations()
        .map(({ method, path }) => `${method.toUpperCase()} ${path}`)
        .sort(),
    ).toEqual([...OPERATIONS].sort());
    // Every schema in it, as a JSON pointer: compiling one checks it against JSON Schema 2020-12 and
    // resolves its $refs.
    const schemas = Object.keys(doc.components.schemas).map((name) => ['components', 'schemas', name]);
    for (const { path, method, operation } of answers.operations()) {
      const at = ['paths', path, method];
      for (const name of path.match(/\{(\w+)\}/g) ?? []) {
        const param = operation.parameters?.find((p) => p.in === 'path' && `{${p.name}}` === name);
        expect({ at, name, required: param?.required }).toEqual({ at, name, required: true });
      }
      for (const i of (operation.parameters ?? []).keys())
        schemas.push([...at, 'parameters', `${i}`, 'schema']);
      for (const media of Object.keys(operation.requestBody?.content ?? {}))
        schemas.push([...at, 'requestBody', 'content', media, 'schema']);
      const responses = Object.entries(operation.responses);
      expect({ at, success: responses.some(([code]) => /^2/.test(code)) }).toEqual({ at, success: true });
      for (const [code, response] of responses) {
        expect({ at, code, description: typeof response.description }).toEqual({
          at,
          code,
          description: 'string',
        });
        for (const media of Object.keys(response.content ?? {}))
          schemas.push([...at, 'responses', code, 'content', media, 'schema']);
      }
    }
    expect(schemas.length).toBeGreaterThan(OPERATIONS.length * 3);
    for (const pointer of schemas) expect(() => answers.validator(...pointer)).not.toThrow();
  });

  it('answers the happy paths as documented', async () => {
    await call('GET', '/health');
    const opened = await call('POST', '/accounts', { ownerName: 'Ana', ownerTaxId: vectors.cpf.valid[0] });
    expect(opened.status).toBe(201);
    const number = opened.body.number as string;
    expect((await call('POST', `/accounts/${number}/deposits`, { amount: 1500 })).status).toBe(201);
    await call('GET', '/accounts');
    await call('GET', `/accounts/${number}`);
    expect((await call('GET', `/accounts/${number}/statement`)).body.entries).toHaveLength(1);
    const key = await call('POST', `/accounts/${number}/pix-keys`, { kind: 'email', key: 'ana@example.com' });
    expect(key.status).toBe(201);
    expect((await call('GET', `/accounts/${number}/pix-keys`)).body.keys).toHaveLength(1);

    const idempotencyKey = randomUUID();
    const order = { fromAccount: number, key: 'joao@example.com', amount: '100', description: 'lunch' };
    const sent = await call('POST', '/transfers', order, { 'Idempotency-Key': idempotencyKey });
    expect(sent).toMatchObject({ status: 202, body: { status: 'pending', amount: '100' } });
    const id = sent.body.endToEndId as string;
    expect((await call('POST', '/transfers', order, { 'Idempotency-Key': idempotencyKey })).status).toBe(200);
    await call('GET', `/transfers/${id}`);
    expect((await call('GET', `/transfers?account=${number}&status=pending`)).body.transfers).toHaveLength(1);
    await call('GET', '/ledger/summary');

    // Busy: the one place in flight is taken, so a new send is refused, with Retry-After.
    const busy = await call('POST', '/transfers', order, { 'Idempotency-Key': randomUUID() });
    expect(busy).toMatchObject({ status: 429, body: { error: { code: 'BANK.BUSY' } } });
    expect(busy.headers['retry-after']).toMatch(/^[1-9]\d*$/);

    // A rejected transfer carries its reason: an optional field, documented too.
    await h.feed({
      endToEndId: id,
      status: TransferStatus.TRANSFER_STATUS_REJECTED,
      debtorIspb: h.ispb,
      rejectionReason: RejectionReason.REJECTION_REASON_KEY_NOT_FOUND,
    });
    await waitFor(
      async () => (await h.http('GET', `/transfers/${id}`)).body.status === 'rejected',
      'rejected',
    );
    expect((await call('GET', `/transfers/${id}`)).body).toMatchObject({ reason: 'KEY_NOT_FOUND' });
    expect((await call('POST', `/accounts/${number}/close`)).body).toMatchObject({ status: 'closed' });
  }, 60_000);

  it('answers GET /metrics in the Prometheus text format it documents', async () => {
    const metrics = await send(h.bank.url, { method: 'GET', path: '/metrics', headers: {} });
    answers.expectDocumented('GET', '/metrics', { ...metrics, body: metrics.text });
    expect(metrics.text).toMatch(/codepix_bank_http_request_seconds_count\{[^}]*route="\/accounts\/:number"/);
  });

  it('answers refusals as documented: 400, 404, 409, 413, 422, and the error shape off the routes', async () => {
    const opened = await call('POST', '/accounts', { ownerName: 'Bia', ownerTaxId: vectors.cpf.valid[1] });
    const number = opened.body.number as string;
    const badTaxId = await call('POST', '/accounts', { ownerName: 'X', ownerTaxId: vectors.cpf.invalid[2] });
    expect(badTaxId).toMatchObject({ status: 400, body: { error: { field: 'ownerTaxId' } } });
    const badAmount = await call('POST', `/accounts/${number}/deposits`, { amount: true });
    expect(badAmount).toMatchObject({ status: 400, body: { error: { field: 'amount' } } });
    const badQuery = await call('GET', '/transfers?status=done');
    expect(badQuery).toMatchObject({ status: 400, body: { error: { field: 'status' } } });
    const noKey = await call('POST', '/transfers', {
      fromAccount: number,
      key: 'joao@example.com',
      amount: '1',
    });
    expect(noKey).toMatchObject({ status: 400, body: { error: { field: 'Idempotency-Key' } } });
    const refunds = `/transfers/${vectors.end_to_end_id.valid[0]}/refunds`;
    const badReason = await call(
      'POST',
      refunds,
      { amount: '1', reason: 'XX01' },
      { 'Idempotency-Key': 'r1' },
    );
    expect(badReason).toMatchObject({ status: 400, body: { error: { field: 'reason' } } });
    const neverReceived = await call('POST', refunds, { amount: '1' }, { 'Idempotency-Key': 'r2' });
    expect(neverReceived).toMatchObject({ status: 404, body: { error: { code: 'TRANSFER.NOT_FOUND' } } });
    for (const path of ['/accounts/424242', '/accounts/not-a-number', '/transfers/E1']) {
      expect((await call('GET', path)).status).toBe(404);
    }
    await call('POST', `/accounts/${number}/close`);
    const closed = await call('POST', `/accounts/${number}/deposits`, { amount: '5' });
    expect(closed).toMatchObject({ status: 422, body: { error: { code: 'ACCOUNT.CLOSED' } } });
    const tooLarge = await h.http('POST', '/accounts', ' '.repeat(100_000));
    expect(tooLarge.status).toBe(413);
    answers.expectDocumented('POST', '/accounts', tooLarge);

    const nowhere = await h.http('GET', '/nowhere');
    expect(nowhere).toMatchObject({ status: 404, body: { error: { code: 'ROUTE.NOT_FOUND' } } });
    answers.expectShape('Error', nowhere);
    const wrongMethod = await h.http('POST', '/ledger/summary');
    expect(wrongMethod).toMatchObject({ status: 405, headers: { allow: 'GET' } });
    answers.expectShape('Error', wrongMethod);
  }, 60_000);

  it('answers the BR Code routes as documented: a code made, read, its charge, and refusals', async () => {
    const opened = await call('POST', '/accounts', { ownerName: 'Duda', ownerTaxId: vectors.cpf.valid[3] });
    const number = opened.body.number as string;
    await call('POST', `/accounts/${number}/pix-keys`, { kind: 'email', key: 'duda@example.com' });
    const made = await call('POST', `/accounts/${number}/br-codes`, {
      key: 'duda@example.com',
      amount: '990',
      dynamic: true,
      description: 'pedido 7',
    });
    expect(made).toMatchObject({ status: 201, body: { brCode: { initiation: 'dynamic', amount: '990' } } });
    const { payload, brCode } = made.body;
    expect(made.body.charge).toMatchObject({ txid: brCode.txid, status: 'active', payload });
    const staticCode = await call('POST', `/accounts/${number}/br-codes`, { key: 'duda@example.com' });
    expect(staticCode.body.charge).toBeUndefined();
    expect((await call('POST', '/br-codes/parse', { payload })).body).toMatchObject({
      key: 'duda@example.com',
      description: 'pedido 7',
      txid: brCode.txid,
    });
    expect((await call('GET', `/charges/${brCode.txid}`)).body).toMatchObject({ status: 'active' });

    const tampered = await call('POST', '/br-codes/parse', { payload: payload.replace('pedido', 'pedidO') });
    expect(tampered).toMatchObject({ status: 400, body: { error: { field: 'br_code.63' } } });
    const notOurs = await call('POST', `/accounts/${number}/br-codes`, { key: 'other@example.com' });
    expect(notOurs).toMatchObject({ status: 404, body: { error: { code: 'PIX_KEY.NOT_FOUND' } } });
    const taken = await call('POST', `/accounts/${number}/br-codes`, {
      key: 'duda@example.com',
      amount: '1',
      dynamic: true,
      txid: brCode.txid,
    });
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'CHARGE.TXID_TAKEN' } } });
    expect((await call('GET', '/charges/NoSuchCharge1')).status).toBe(404);
  }, 60_000);

  it('answers a reused Idempotency-Key with 409 as documented', async () => {
    const opened = await call('POST', '/accounts', { ownerName: 'Caio', ownerTaxId: vectors.cpf.valid[2] });
    const number = opened.body.number as string;
    await call('POST', `/accounts/${number}/deposits`, { amount: '1000' });
    const key = randomUUID();
    const order = { fromAccount: number, key: 'joao@example.com', amount: '10' };
    // The place in flight is free again since the rejection: this send is accepted.
    expect((await call('POST', '/transfers', order, { 'Idempotency-Key': key })).status).toBe(202);
    const mismatch = await call('POST', '/transfers', { ...order, amount: '11' }, { 'Idempotency-Key': key });
    expect(mismatch).toMatchObject({ status: 409, body: { error: { code: 'IDEMPOTENCY.MISMATCH' } } });
  });
});
