import { randomBytes, randomUUID } from 'node:crypto';
import { SessionTokens } from '../../lib/security/session-token';
import { type BankHarness, type Caller, startBankHarness } from '../support/bank-harness';
import { vectors } from '../support/vectors';

/*
 * Who may call a real bank (its database, the hub, Kafka): customers log in with their tax id and
 * password and reach their own accounts only; the operator's token reaches everything; anything else is
 * 401. Answers are checked as a browser and a script would see them, cookie flags included.
 */

const [MARIA, BRUNO, CAIO, DORA] = vectors.cpf.valid;
const PASSWORD = 'maria-secret-1';
const MAX_AGE = 1800;

describe('bank simulator: who may call its API', () => {
  let h: BankHarness;
  /** Accounts opened by the operator: Maria's and Bruno's, each with money. */
  let maria: string;
  let bruno: string;
  let asMaria: Caller;
  let asBruno: Caller;

  const logIn = (taxId: string, password: string) =>
    h.http('POST', '/session', { taxId, password }, {}, 'nobody');

  beforeAll(async () => {
    h = await startBankHarness('bank_auth', '13131313');
    const open = async (ownerName: string, ownerTaxId: string, password: string) => {
      const opened = await h.http('POST', '/accounts', { ownerName, ownerTaxId, password });
      expect(opened.status).toBe(201);
      await h.http('POST', `/accounts/${opened.body.number}/deposits`, { amount: '10000' });
      return opened.body.number as string;
    };
    maria = await open('Maria', MARIA, PASSWORD);
    bruno = await open('Bruno', BRUNO, 'bruno-secret-1');
    asMaria = { bearer: (await logIn(MARIA, PASSWORD)).body.token };
    asBruno = { bearer: (await logIn(BRUNO, 'bruno-secret-1')).body.token };
  }, 120_000);
  afterAll(async () => h?.stop(), 60_000);

  it('logs a customer in: a token, its expiry, who, and the HttpOnly SameSite=Strict cookie', async () => {
    const before = Date.now();
    const login = await logIn(MARIA, PASSWORD);
    expect(login).toMatchObject({ status: 200, body: { customer: { taxId: MARIA, name: 'Maria' } } });
    const { token, expiresAt } = login.body;
    expect(login.headers['set-cookie']).toBe(
      `codepix_session=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${MAX_AGE}`,
    );
    // Expiry is in whole seconds, from when the bank answered.
    expect(Math.abs(Date.parse(expiresAt) - before - MAX_AGE * 1000)).toBeLessThan(2_000);
    // The cookie alone is enough, as a browser sends it; GET /me shows only Maria's accounts.
    const me = await h.http('GET', '/me', undefined, {}, { cookie: token });
    expect(me).toMatchObject({ status: 200, body: { customer: { taxId: MARIA, name: 'Maria' } } });
    expect(me.body.accounts.map((a: { number: string }) => a.number)).toEqual([maria]);
  }, 30_000);

  it('answers a wrong password and an unknown tax id alike, in like time', async () => {
    const timed = async (taxId: string) => {
      const began = performance.now();
      const answer = await logIn(taxId, 'not-the-password');
      return { answer, ms: performance.now() - began };
    };
    const wrong = await timed(MARIA);
    const unknown = await timed('00000000191');
    const refused = { code: 'AUTH.BAD_CREDENTIALS', message: 'wrong tax id or password' };
    for (const { answer } of [wrong, unknown])
      expect(answer).toMatchObject({ status: 401, body: { error: refused } });
    // Both check a password (an unknown one against a decoy hash): the miss is no quicker to tell.
    expect(unknown.ms).toBeGreaterThan(wrong.ms / 3);
  }, 30_000);

  it('refuses a tax id for a while after 5 wrong passwords, with Retry-After, even the right one', async () => {
    await h
      .http('PUT', `/customers/${CAIO}/password`, { password: 'caio-secret-1' })
      .then((r) => expect(r.status).toBe(404));
    await h.http('POST', '/accounts', { ownerName: 'Caio', ownerTaxId: CAIO, password: 'caio-secret-1' });
    for (let i = 0; i < 5; i++) expect((await logIn(CAIO, `guess-${i}-guess`)).status).toBe(401);
    const throttled = await logIn(CAIO, 'caio-secret-1');
    expect(throttled).toMatchObject({ status: 429, body: { error: { code: 'AUTH.TOO_MANY_ATTEMPTS' } } });
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(890);
    expect(Number(throttled.headers['retry-after'])).toBeLessThanOrEqual(900);
    // Another tax id is not held up.
    expect((await logIn(BRUNO, 'bruno-secret-1')).status).toBe(200);
  }, 30_000);

  it('answers 401 to a call with no credential, an expired, forged or changed token, or a wrong operator token', async () => {
    const expired = new SessionTokens(h.sessionSecret, () => Date.now() - 3_600_000).issue(MARIA).token;
    const forged = new SessionTokens(randomBytes(32)).issue(MARIA).token;
    const [claims, signature] = (asMaria as { bearer: string }).bearer.split('.');
    const changed = `${Buffer.from(JSON.stringify({ sub: BRUNO, exp: 4_000_000_000 })).toString('base64url')}.${signature}`;
    const callers: Caller[] = [
      'nobody',
      { bearer: expired },
      { cookie: expired },
      { bearer: forged },
      { bearer: changed },
      { bearer: `${claims}.` },
      { bearer: randomBytes(32).toString('base64url') },
    ];
    for (const as of callers) {
      expect(await h.http('GET', `/accounts/${maria}`, undefined, {}, as)).toMatchObject({
        status: 401,
        body: { error: { code: 'AUTH.REQUIRED', message: 'log in first; your session may have ended' } },
      });
    }
    // Before any body is read: a refused POST is 401, not a complaint about its body.
    expect((await h.http('POST', '/transfers', '{not json', {}, 'nobody')).status).toBe(401);
  }, 30_000);

  it('serves health, metrics and its OpenAPI document to anyone', async () => {
    for (const path of ['/health', '/openapi.json']) {
      expect((await h.http('GET', path, undefined, {}, 'nobody')).status).toBe(200);
    }
    const metrics = await fetch(`${h.bank.url}/metrics`);
    expect(metrics.status).toBe(200);
  }, 30_000);

  it("refuses a customer another customer's account, 403 whether or not it exists", async () => {
    for (const path of [
      `/accounts/${bruno}`,
      `/accounts/${bruno}/statement`,
      `/accounts/${bruno}/pix-keys`,
      `/accounts/${bruno}/claims`,
      '/accounts/999999',
      `/transfers?account=${bruno}`,
    ]) {
      expect(await h.http('GET', path, undefined, {}, asMaria)).toMatchObject({
        status: 403,
        body: { error: { code: 'AUTH.FORBIDDEN', message: 'that account is not yours' } },
      });
    }
    const key = await h.http('POST', `/accounts/${bruno}/pix-keys`, { kind: 'evp' }, {}, asMaria);
    expect(key.status).toBe(403);
    expect((await h.http('GET', `/accounts/${maria}/statement`, undefined, {}, asMaria)).status).toBe(200);
    const listed = await h.http('GET', '/accounts', undefined, {}, asMaria);
    expect(listed.body.accounts.map((a: { number: string }) => a.number)).toEqual([maria]);
  }, 30_000);

  it("refuses a customer a transfer from, or of, another's account; lists only their own", async () => {
    const order = (fromAccount: string) => ({ fromAccount, key: 'joao@example.com', amount: '100' });
    const stolen = await h.http(
      'POST',
      '/transfers',
      order(bruno),
      { 'Idempotency-Key': randomUUID() },
      asMaria,
    );
    expect(stolen).toMatchObject({ status: 403, body: { error: { code: 'AUTH.FORBIDDEN' } } });
    const sent = await h.http(
      'POST',
      '/transfers',
      order(bruno),
      { 'Idempotency-Key': randomUUID() },
      asBruno,
    );
    expect(sent.status).toBe(202);
    const id = sent.body.endToEndId;
    expect((await h.http('GET', `/transfers/${id}`, undefined, {}, asBruno)).status).toBe(200);
    // Not Maria's: as if there were no such transfer, so its id tells her nothing.
    for (const [method, path, body] of [
      ['GET', `/transfers/${id}`, undefined],
      ['POST', `/transfers/${id}/refunds`, { amount: '1' }],
    ] as const) {
      const answer = await h.http(method, path, body, { 'Idempotency-Key': randomUUID() }, asMaria);
      expect(answer).toMatchObject({ status: 404, body: { error: { code: 'TRANSFER.NOT_FOUND' } } });
    }
    expect((await h.http('GET', '/transfers', undefined, {}, asMaria)).body.transfers).toEqual([]);
    const brunos = await h.http('GET', '/transfers', undefined, {}, asBruno);
    expect(brunos.body.transfers.map((t: { endToEndId: string }) => t.endToEndId)).toEqual([id]);
  }, 30_000);

  it("refuses a customer another's charge and claim, as if there were none", async () => {
    const email = `bruno-${randomBytes(3).toString('hex')}@example.com`;
    expect((await h.http('POST', `/accounts/${bruno}/pix-keys`, { kind: 'email', key: email })).status).toBe(
      201,
    );
    const made = await h.http(
      'POST',
      `/accounts/${bruno}/br-codes`,
      { key: email, amount: '990', dynamic: true },
      {},
      asBruno,
    );
    expect(made.status).toBe(201);
    const txid = made.body.charge.txid;
    expect((await h.http('GET', `/charges/${txid}`, undefined, {}, asBruno)).status).toBe(200);
    expect(await h.http('GET', `/charges/${txid}`, undefined, {}, asMaria)).toMatchObject({
      status: 404,
      body: { error: { code: 'CHARGE.NOT_FOUND' } },
    });
    // Maria claims the key Bruno holds: she is the claimer, he the donor, both at this bank.
    const claimed = await h.http(
      'POST',
      `/accounts/${maria}/claims`,
      { kind: 'ownership', key: email },
      {},
      asMaria,
    );
    expect(claimed.status).toBe(201);
    const id = claimed.body.id;
    expect((await h.http('GET', `/claims/${id}`, undefined, {}, asMaria)).status).toBe(200);
    const asDora = { bearer: new SessionTokens(h.sessionSecret).issue(DORA).token };
    expect(await h.http('GET', `/claims/${id}`, undefined, {}, asDora)).toMatchObject({
      status: 404,
      body: { error: { code: 'CLAIM.NOT_FOUND' } },
    });
    // Only the donor releases a key; the claimer cannot do it for him.
    const released = await h.http('POST', `/claims/${id}/confirm`, {}, {}, asMaria);
    expect(released).toMatchObject({ status: 404, body: { error: { code: 'CLAIM.NOT_FOUND' } } });
    expect((await h.http('POST', `/claims/${id}/cancel`, {}, {}, asMaria)).status).toBe(200);
  }, 30_000);

  it("keeps the operator's work from customers, and lets the operator do it", async () => {
    const work = [
      ['POST', '/accounts', { ownerName: 'Dora', ownerTaxId: DORA }],
      ['POST', `/accounts/${maria}/deposits`, { amount: '1' }],
      ['POST', `/accounts/${maria}/close`, undefined],
      ['PUT', `/customers/${MARIA}/password`, { password: 'taken-over-1' }],
      ['GET', '/ledger/summary', undefined],
    ] as const;
    for (const [method, path, body] of work) {
      expect(await h.http(method, path, body, {}, asMaria)).toMatchObject({
        status: 403,
        body: { error: { code: 'AUTH.FORBIDDEN', message: "only the bank's operator may do that" } },
      });
    }
    expect((await h.http('POST', '/accounts', { ownerName: 'Dora', ownerTaxId: DORA })).status).toBe(201);
    expect((await h.http('POST', `/accounts/${maria}/deposits`, { amount: '1' })).status).toBe(201);
    expect((await h.http('GET', '/ledger/summary')).status).toBe(200);
    expect((await h.http('GET', '/me')).body.error.code).toBe('AUTH.FORBIDDEN');
  }, 30_000);

  it("lets the operator replace a customer's password: the old one stops working", async () => {
    const set = await h.http('PUT', `/customers/${DORA}/password`, { password: 'dora-secret-1' });
    expect(set.status).toBe(204);
    expect((await logIn(DORA, 'dora-secret-1')).status).toBe(200);
    expect((await h.http('PUT', `/customers/${DORA}/password`, { password: 'short' })).body.error.field).toBe(
      'password',
    );
    await h.http('PUT', `/customers/${DORA}/password`, { password: 'dora-secret-2' });
    expect((await logIn(DORA, 'dora-secret-1')).status).toBe(401);
    expect((await logIn(DORA, 'dora-secret-2')).status).toBe(200);
  }, 30_000);

  it('logs out: the cookie is taken back', async () => {
    const out = await h.http('DELETE', '/session', undefined, {}, asMaria);
    expect(out.status).toBe(204);
    expect(out.headers['set-cookie']).toBe('codepix_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
  }, 30_000);
});
