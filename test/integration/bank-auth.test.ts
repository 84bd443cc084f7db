import { randomBytes } from 'node:crypto';
import { SessionTokens } from '../../lib/security/session-token';
import { type BankHarness, type Caller, startBankHarness } from '../support/bank-harness';
import { DocumentedAnswers, type OpenApiDocument } from '../support/openapi-document';
import { vectors } from '../support/vectors';

/*
 * Who may call a real bank (its database, the hub, Kafka): a customer logged in with their tax id and
 * password, or the operator with its token; anything else is 401, and only health, metrics, the OpenAPI
 * document and the session routes are open. Answers are checked as a browser and a script would see
 * them, cookie flags included, and against the bank's OpenAPI document.
 */

const [MARIA, BRUNO, CAIO, DORA, EVA] = vectors.cpf.valid;
const PASSWORD = 'maria-secret-1';
const MAX_AGE = 1800;

describe('bank simulator: who may call its API', () => {
  let h: BankHarness;
  let doc: OpenApiDocument;
  let answers: DocumentedAnswers;
  let maria: string;
  let asMaria: Caller;

  /** A call whose answer must fit what the bank's OpenAPI document says of it. */
  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    as?: Caller,
  ) => {
    const answer = await h.http(method, path, body, headers, as);
    answers.expectDocumented(method, path, answer);
    return answer;
  };
  const logIn = (taxId: string, password: string) =>
    call('POST', '/session', { taxId, password }, {}, 'nobody');

  beforeAll(async () => {
    h = await startBankHarness('bank_auth', '13131313');
    doc = (await h.http('GET', '/openapi.json')).body;
    answers = new DocumentedAnswers(doc);
    const open = async (ownerName: string, ownerTaxId: string, password: string) =>
      (await call('POST', '/accounts', { ownerName, ownerTaxId, password })).body.number as string;
    maria = await open('Maria', MARIA, PASSWORD);
    await open('Bruno', BRUNO, 'bruno-secret-1');
    await open('Dora', DORA, 'dora-secret-0');
    asMaria = { bearer: (await logIn(MARIA, PASSWORD)).body.token };
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

  it('documents its security: the bearer and cookie schemes, none on the open routes', () => {
    const security = (method: string, path: string) => doc.paths[path][method].security;
    expect(Object.keys(doc.components.securitySchemes ?? {}).sort()).toEqual(['bearer', 'session']);
    for (const [method, path] of [
      ['get', '/health'],
      ['get', '/metrics'],
      ['get', '/openapi.json'],
      ['post', '/session'],
      ['delete', '/session'],
    ]) {
      expect({ method, path, security: security(method, path) }).toEqual({ method, path, security: [] });
    }
    for (const { method, path, operation } of answers.operations()) {
      if (operation.security?.length === 0) continue;
      expect({ method, path, security: operation.security }).toEqual({
        method,
        path,
        security: [{ bearer: [] }, { session: [] }],
      });
      expect({ method, path, has401: '401' in operation.responses }).toEqual({ method, path, has401: true });
    }
  });

  it('answers the session routes, and 401 and 403, as documented', async () => {
    const opened = await call('POST', '/accounts', {
      ownerName: 'Eva',
      ownerTaxId: EVA,
      password: 'eva-secret-1',
    });
    expect(opened.status).toBe(201);
    expect((await call('PUT', `/customers/${EVA}/password`, { password: 'eva-secret-2' })).status).toBe(204);
    expect((await call('PUT', '/customers/11144477735/password', { password: 'whatever-1' })).status).toBe(
      404,
    );
    const wrong = await call('POST', '/session', { taxId: EVA, password: 'eva-secret-1' }, {}, 'nobody');
    expect(wrong.status).toBe(401);
    const login = await call('POST', '/session', { taxId: EVA, password: 'eva-secret-2' }, {}, 'nobody');
    expect(login.status).toBe(200);
    const asEva: Caller = { cookie: login.body.token };
    expect((await call('GET', '/me', undefined, {}, asEva)).body.accounts).toHaveLength(1);
    expect((await call('GET', '/accounts', undefined, {}, 'nobody')).status).toBe(401);
    expect(
      (await call('POST', '/accounts', { ownerName: 'X', ownerTaxId: vectors.cpf.valid[5] }, {}, asEva))
        .status,
    ).toBe(403);
    expect((await call('GET', '/accounts/424242', undefined, {}, asEva)).status).toBe(403);
    expect((await call('GET', '/me')).status).toBe(403);
    expect((await call('DELETE', '/session', undefined, {}, asEva)).status).toBe(204);
  }, 60_000);

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

  it('takes a body with the cookie only as declared JSON, which no form on another site can send', async () => {
    const asCookie: Caller = { cookie: (asMaria as { bearer: string }).bearer };
    const order = JSON.stringify({ fromAccount: maria, key: 'joao@example.com', amount: '1' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const forged = await h.http(
        'POST',
        '/transfers',
        order,
        { 'content-type': type, 'Idempotency-Key': type },
        asCookie,
      );
      expect(forged).toMatchObject({
        status: 415,
        body: { error: { code: 'REQUEST.INVALID_CONTENT_TYPE' } },
      });
    }
    expect((await h.http('GET', `/accounts/${maria}`, undefined, {}, asCookie)).status).toBe(200);
  }, 30_000);

  it('logs out: the cookie is taken back', async () => {
    const out = await h.http('DELETE', '/session', undefined, {}, asMaria);
    expect(out.status).toBe(204);
    expect(out.headers['set-cookie']).toBe('codepix_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
  }, 30_000);
});
