import { randomBytes, randomUUID } from 'node:crypto';
import { SessionTokens } from '../../lib/security/session-token';
import { type BankHarness, type Caller, startBankHarness } from '../support/bank-harness';
import { vectors } from '../support/vectors';

/*
 * What a logged-in customer of a real bank reaches (docs/bank-api.md): their own accounts and what
 * belongs to them. Another's account is 403 whether or not it exists; another's transfer, charge or
 * claim is 404, as if there were none; the operator's work is 403 to any customer.
 */

const [MARIA, BRUNO, , DORA] = vectors.cpf.valid;

describe('bank simulator: what a customer may reach', () => {
  let h: BankHarness;
  /** Accounts opened by the operator: Maria's and Bruno's, each with money. */
  let maria: string;
  let bruno: string;
  let asMaria: Caller;
  let asBruno: Caller;

  beforeAll(async () => {
    h = await startBankHarness('bank_access', '14141414');
    const open = async (ownerName: string, ownerTaxId: string, password: string) => {
      const opened = await h.http('POST', '/accounts', { ownerName, ownerTaxId, password });
      expect(opened.status).toBe(201);
      await h.http('POST', `/accounts/${opened.body.number}/deposits`, { amount: '10000' });
      const login = await h.http('POST', '/session', { taxId: ownerTaxId, password }, {}, 'nobody');
      return { number: opened.body.number as string, as: { bearer: login.body.token } };
    };
    ({ number: maria, as: asMaria } = await open('Maria', MARIA, 'maria-secret-1'));
    ({ number: bruno, as: asBruno } = await open('Bruno', BRUNO, 'bruno-secret-1'));
  }, 120_000);
  afterAll(async () => h?.stop(), 60_000);

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
});
