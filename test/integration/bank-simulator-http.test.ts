import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { type BankHarness, startBankHarness } from '../support/bank-harness';
import { vectors } from '../support/vectors';

/** The bank simulator's HTTP API (docs/bank-api.md) on real Postgres and Kafka, keys at a real hub. */
describe('bank simulator: the HTTP API', () => {
  let h: BankHarness;
  beforeAll(async () => {
    h = await startBankHarness('bank_http', '33333333');
  }, 120_000);
  afterAll(async () => h?.stop(), 60_000);

  async function account(deposit: string, ownerTaxId = vectors.cpf.valid[1]) {
    const opened = await h.http('POST', '/accounts', { ownerName: 'Ana', ownerTaxId });
    if (deposit !== '0')
      await h.http('POST', `/accounts/${opened.body.number}/deposits`, { amount: deposit });
    return opened.body.number as string;
  }
  const send = (fromAccount: string, amount: unknown, key: string, body: object = {}) =>
    h.http(
      'POST',
      '/transfers',
      { fromAccount, key: 'joao@example.com', amount, ...body },
      { 'Idempotency-Key': key },
    );

  it('answers health and opens, funds, lists and closes accounts', async () => {
    expect((await h.http('GET', '/health')).body).toEqual({
      ispb: '33333333',
      name: 'Banco bank_http',
      status: 'ok',
    });
    const opened = await h.http('POST', '/accounts', {
      ownerName: 'ACME',
      ownerTaxId: vectors.cnpj.valid[0],
      type: 'TRAN',
    });
    expect(opened).toMatchObject({
      status: 201,
      body: { branch: '0001', type: 'TRAN', status: 'open', balance: '0' },
    });
    const { number } = opened.body;
    const deposited = await h.http('POST', `/accounts/${number}/deposits`, { amount: 1500 });
    expect(deposited).toMatchObject({ status: 201, body: { balance: '1500', held: '0', available: '1500' } });
    expect((await h.http('GET', '/accounts')).body.accounts).toContainEqual(deposited.body);
    expect(await h.http('POST', `/accounts/${number}/close`)).toMatchObject({
      status: 200,
      body: { status: 'closed' },
    });
    const refused = await h.http('POST', `/accounts/${number}/deposits`, { amount: '1' });
    expect(refused).toMatchObject({ status: 422, body: { error: { code: 'ACCOUNT.CLOSED' } } });
  });

  it('registers Pix keys at the hub and passes on its refusals', async () => {
    const number = await account('0', vectors.cpf.valid[2]);
    const cpf = await h.http('POST', `/accounts/${number}/pix-keys`, { kind: 'cpf' });
    expect(cpf).toMatchObject({
      status: 201,
      body: { key: vectors.cpf.valid[2], kind: 'cpf', accountNumber: number },
    });
    const email = await h.http('POST', `/accounts/${number}/pix-keys`, {
      kind: 'email',
      key: 'Ana@Example.com',
    });
    expect(email.body).toMatchObject({ key: 'ana@example.com', kind: 'email' });
    const evp = await h.http('POST', `/accounts/${number}/pix-keys`, { kind: 'evp' });
    expect(evp.body.key).toMatch(/^[0-9a-f-]{36}$/);
    const keys = (await h.http('GET', `/accounts/${number}/pix-keys`)).body.keys.map(
      (k: { key: string }) => k.key,
    );
    expect(keys.sort()).toEqual([vectors.cpf.valid[2], 'ana@example.com', evp.body.key].sort());

    const again = await h.http('POST', `/accounts/${number}/pix-keys`, {
      kind: 'email',
      key: 'ana@example.com',
    });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'PIX_KEY.ALREADY_EXISTS' } } });
    const notOwner = await h.http('POST', `/accounts/${number}/pix-keys`, {
      kind: 'cpf',
      key: vectors.cpf.valid[3],
    });
    expect(notOwner.status).toBe(422);
    expect(notOwner.body.error.code).toMatch(/^PIX_KEY\./);
  });

  it('replays a repeated Idempotency-Key and refuses it for another request', async () => {
    const from = await account('1000');
    const key = randomUUID();
    const first = await send(from, '100', key);
    expect(first.status).toBe(202);
    const replay = await send(from, 100, key);
    expect(replay).toMatchObject({ status: 200, body: { endToEndId: first.body.endToEndId } });
    const mismatch = await send(from, '101', key);
    expect(mismatch).toMatchObject({ status: 409, body: { error: { code: 'IDEMPOTENCY.MISMATCH' } } });
    expect((await h.http('GET', `/accounts/${from}`)).body).toMatchObject({ held: '100' });
    const listed = await h.http('GET', `/transfers?account=${from}&status=pending`);
    expect(listed.body.transfers.map((t: { endToEndId: string }) => t.endToEndId)).toEqual([
      first.body.endToEndId,
    ]);
  });

  it('lets one of many concurrent requests with one Idempotency-Key through; the rest are replays', async () => {
    const from = await account('1000');
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 10 }, () => send(from, '100', key)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 202]);
    expect(new Set(answers.map((a) => a.body.endToEndId)).size).toBe(1);
    expect((await h.http('GET', `/accounts/${from}`)).body).toMatchObject({ held: '100' });
  });

  it('accepts exactly the 10 of 50 concurrent sends the account can pay for', async () => {
    const from = await account('1000');
    const answers = await Promise.all(Array.from({ length: 50 }, () => send(from, '100', randomUUID())));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(10);
    expect(statuses.filter((s) => s === 422)).toHaveLength(40);
    const refused = answers.find((a) => a.status === 422);
    expect(refused?.body.error.code).toBe('ACCOUNT.INSUFFICIENT_FUNDS');
    expect((await h.http('GET', `/accounts/${from}`)).body).toMatchObject({
      balance: '1000',
      held: '1000',
      available: '0',
    });
    const ids = new Set(answers.filter((a) => a.status === 202).map((a) => a.body.endToEndId));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const requested = h.published.filter((m) => m.topic === h.topics.transfers && ids.has(m.key));
    expect(new Set(requested.map((m) => m.key)).size).toBe(10);
  }, 30_000);

  it.each([
    ['POST', '/accounts', '{"ownerName": ', 'body'],
    ['POST', '/accounts', '[]', 'body'],
    ['POST', '/accounts', { ownerName: 'X', ownerTaxId: vectors.cpf.invalid[2] }, 'ownerTaxId'],
    ['POST', '/accounts', { ownerName: 'X', ownerTaxId: vectors.cpf.valid[0], type: 'XX' }, 'type'],
    ['POST', '/accounts/1001/deposits', { amount: '12.50' }, 'amount'],
    ['POST', '/accounts/1001/deposits', { amount: -5 }, 'amount'],
    ['POST', '/accounts/1001/pix-keys', { kind: 'iban' }, 'kind'],
    ['POST', '/transfers', { fromAccount: '1001', key: 'nope', amount: '1' }, 'key'],
    ['GET', '/transfers?status=done', undefined, 'status'],
  ])('refuses %s %s %j with 400 naming %s', async (method, path, body, field) => {
    const answer = await h.http(method as 'GET' | 'POST', path, body, { 'Idempotency-Key': 'x' });
    expect(answer).toMatchObject({ status: 400, body: { error: { field } } });
    expect(answer.body.error.code).toMatch(/^[A-Z_]+\.[A-Z_]+$/);
  });

  it('wants an Idempotency-Key, and answers 404 for what does not exist, and keeps serving', async () => {
    const from = await account('10');
    const noKey = await h.http('POST', '/transfers', {
      fromAccount: from,
      key: 'joao@example.com',
      amount: '1',
    });
    expect(noKey).toMatchObject({ status: 400, body: { error: { field: 'Idempotency-Key' } } });
    for (const path of ['/accounts/424242', '/accounts/424242/statement', '/transfers/E1', '/nowhere']) {
      expect((await h.http('GET', path)).status).toBe(404);
    }
    expect((await h.http('GET', '/accounts/%E0%A4%A')).status).toBe(400);
    const tooLarge = await rawPost('/accounts', 'x'.repeat(100_000));
    expect(tooLarge.status).toBe(413);
    expect((await h.http('GET', '/health')).status).toBe(200);
  });

  function rawPost(path: string, body: string): Promise<{ status: number }> {
    return new Promise((resolve, reject) => {
      const headers = { authorization: `Bearer ${h.operatorToken}` };
      const req = request(`${h.bank.url}${path}`, { method: 'POST', headers }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      });
      req.on('error', reject);
      req.end(body);
    });
  }
});
