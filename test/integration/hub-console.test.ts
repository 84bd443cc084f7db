import { randomBytes } from 'node:crypto';
import { topicNames } from '../../lib/messaging/topics';
import { openEventStream } from '../support/event-stream';
import { eventually } from '../support/kafka-probe';
import { api } from '../support/transfer-stack';
import { AZUL, joao, maria, transfersFixture, VERDE } from '../support/transfers-fixture';

/**
 * The hub's console against a real stack: the hub process serves it with the operator token it was
 * given, and reads the transfers, banks, dead letters and claims the running system made.
 */
const TOKEN = randomBytes(32).toString('base64url');
const f = transfersFixture('console', { CODEPIX_OPERATOR_TOKEN: TOKEN });
const bearer = { authorization: `Bearer ${TOKEN}` };

const consoleUrl = (path: string) => new URL(path, f.stack.hubs[0]?.consoleUrl).toString();
async function get(path: string, headers: Record<string, string> = bearer) {
  const response = await fetch(consoleUrl(path), { headers, redirect: 'manual' });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, text, body: json };
}
const login = (token: unknown) =>
  fetch(consoleUrl('/session'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });

/** A Pix of `amount` from Maria at Azul to João at Verde, completed at the hub; its end-to-end id. */
async function paid(amount: bigint): Promise<string> {
  const sent = await f.send(f.payer, joao.ownerTaxId, amount);
  const id: string = sent.body.endToEndId;
  // The hub completes it once Azul has acknowledged it, a moment after Azul says completed.
  await eventually(
    async () => (await get(`/api/transfers/${id}`)).body?.transfer?.status === 'completed' || undefined,
    20_000,
  );
  return id;
}

describe('the hub console', () => {
  it('refuses every route but the login page without the operator', async () => {
    expect(await get('/api/transfers', {})).toMatchObject({
      status: 401,
      body: { code: 'SESSION.REQUIRED', message: 'Please log in with the operator token.' },
    });
    const page = await get('/', {});
    expect(page.status).toBe(401);
    expect(page.text).toContain('url=/login.html?next=%2F');
    const loginPage = await get('/login.html', {});
    expect(loginPage.status).toBe(200);
    expect(loginPage.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await get('/login.js', {})).status).toBe(200);
    expect((await get('/live.js', {})).status).toBe(401);
    expect((await get('/api/events', {})).status).toBe(401);
  });

  it('refuses a wrong token, at login and as a bearer, and a forged session', async () => {
    const refused = await login('not-the-token');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      code: 'SESSION.REFUSED',
      message: 'That is not the operator token. Check it and try again.',
    });
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect((await login(42)).status).toBe(401);
    expect((await get('/api/banks', { authorization: 'Bearer wrong' })).status).toBe(401);
    const forged = `${Buffer.from(JSON.stringify({ sub: 'operator', exp: 4102444800 })).toString('base64url')}.x`;
    expect((await get('/api/banks', { cookie: `codepix_session=${forged}` })).status).toBe(401);
  });

  it('logs in with the operator token: an HttpOnly, SameSite=Strict session of 30 minutes that opens the pages', async () => {
    const answer = await login(TOKEN);
    expect(answer.status).toBe(200);
    const cookie = answer.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(
      /^codepix_session=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=(1800|1799)$/,
    );
    const session = { cookie: cookie.split(';')[0] as string };
    expect((await get('/', session)).status).toBe(200);
    const { body } = await get('/api/session', session);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(29 * 60_000);
    // Read-only: nothing but the session is ever written.
    const post = await fetch(consoleUrl('/api/transfers'), { method: 'POST', headers: session });
    expect(post.status).toBe(404);
  });

  it('lists transfers, filtered, and gives one with its whole history', async () => {
    const id = await paid(1_234n);
    const listed = await get(`/api/transfers?status=completed&bank=${VERDE}&limit=10`);
    expect(listed.status).toBe(200);
    expect(listed.body.transfers[0]).toEqual({
      endToEndId: id,
      status: 'completed',
      amount: '1234',
      debtor: { ispb: AZUL, name: maria.ownerName },
      creditor: { ispb: VERDE, name: joao.ownerName, key: joao.ownerTaxId },
      rejectionReason: null,
      refundOf: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(
      (await get('/api/transfers?status=pending')).body.transfers.map(
        (t: { endToEndId: string }) => t.endToEndId,
      ),
    ).not.toContain(id);
    expect(await get('/api/transfers?status=lost')).toMatchObject({
      status: 400,
      body: { message: 'status must be one of pending, confirmed, completed, rejected.' },
    });

    const detail = await get(`/api/transfers/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.transfer).toMatchObject({
      endToEndId: id,
      status: 'completed',
      settledAt: expect.any(String),
    });
    expect(detail.body.history.map((h: { from: string | null; to: string }) => [h.from, h.to])).toEqual([
      [null, 'pending'],
      ['pending', 'confirmed'],
      ['confirmed', 'completed'],
    ]);
    expect(detail.body.ledger.map((e: { ispb: string; kind: string }) => `${e.ispb} ${e.kind}`)).toEqual(
      expect.arrayContaining([`${AZUL} reserve`, `${AZUL} debit`, `${VERDE} credit`]),
    );
    if (f.stack.security) {
      expect(detail.body.messages.map((m: { signer: { name: string } }) => m.signer.name)).toEqual(
        expect.arrayContaining([AZUL, VERDE]),
      );
    }
    expect(detail.body.refunds).toEqual([]);
    expect((await get(`/api/transfers/E${AZUL}202601010000${'x'.repeat(11)}`)).status).toBe(404);
    expect((await get('/api/transfers/nope')).body.message).toMatch(/^That is not an end-to-end id/);
  });

  it("gives each bank's settlement position and net debit cap", async () => {
    const { body } = await get('/api/banks');
    const azul = body.banks.find((b: { ispb: string }) => b.ispb === AZUL);
    expect(azul).toEqual({
      ispb: AZUL,
      name: expect.any(String),
      active: true,
      balance: expect.stringMatching(/^\d+$/),
      reserved: expect.stringMatching(/^\d+$/),
      netDebitCap: expect.stringMatching(/^\d+$/),
      position: String(BigInt(azul.balance) - BigInt(azul.reserved)),
      available: String(BigInt(azul.balance) - BigInt(azul.reserved) + BigInt(azul.netDebitCap)),
    });
  });

  it('shows a message the hub could not apply among the dead letters, with why', async () => {
    const kafka = f.stack.kafkaClient('console-test');
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topicNames(f.stack.topicPrefix).transfers,
      messages: [
        { key: 'junk', value: Buffer.from('not a protobuf'), headers: { 'codepix-message-id': 'junk-1' } },
      ],
    });
    await producer.disconnect();
    const letter = await eventually(async () => {
      const { body } = await get('/api/dead-letters');
      return body.deadLetters.find(
        (d: { topic: string }) => d.topic === topicNames(f.stack.topicPrefix).transfers,
      );
    }, 20_000);
    expect(letter).toEqual({
      source: expect.stringMatching(/\/\d+\/\d+$/),
      topic: topicNames(f.stack.topicPrefix).transfers,
      partition: expect.any(Number),
      offset: expect.stringMatching(/^\d+$/),
      messageId: expect.any(String),
      reason: expect.any(String),
      at: expect.any(String),
    });
    expect(letter.reason.length).toBeGreaterThan(0);
  });

  it('lists open claims', async () => {
    const key = 'maria.console@example.com';
    expect(
      (await api(f.stack.bank(AZUL), 'POST', `/accounts/${f.payer.number}/pix-keys`, { kind: 'email', key }))
        .status,
    ).toBe(201);
    const atVerde = await f.stack.customer(VERDE, maria, 0n);
    const opened = await api(f.stack.bank(VERDE), 'POST', `/accounts/${atVerde.number}/claims`, {
      kind: 'portability',
      key,
    });
    expect(opened.status).toBe(201);
    const { body } = await get('/api/claims?open=true');
    expect(body.claims.find((c: { id: string }) => c.id === opened.body.id)).toMatchObject({
      kind: 'portability',
      key,
      status: expect.stringMatching(/^(open|waiting_resolution)$/),
      claimer: { ispb: VERDE, name: maria.ownerName },
      donor: { ispb: AZUL, name: maria.ownerName },
    });
  });

  it('streams a new transfer and each of its state changes, with summaries, and catches up on reconnect', async () => {
    const stream = await openEventStream(consoleUrl('/api/events'), bearer);
    expect(stream.status).toBe(200);
    const id = await paid(500n);
    const change = (to: string) => (e: { event: string; data: string }) =>
      e.event === 'transfer' && JSON.parse(e.data).transfer.endToEndId === id && JSON.parse(e.data).to === to;
    const pending = await stream.next(change('pending'));
    const completed = await stream.next(change('completed'));
    await stream.next(change('confirmed'));
    expect(JSON.parse(completed.data)).toMatchObject({
      from: 'confirmed',
      to: 'completed',
      actor: expect.any(String),
      transfer: { endToEndId: id, status: 'completed', amount: '500' },
    });
    expect(Number(completed.id)).toBeGreaterThan(Number(pending.id));
    const summary = JSON.parse((await stream.next((e) => e.event === 'summary')).data);
    expect(summary).toEqual({
      at: expect.any(String),
      completedPerSecond: expect.any(Number),
      rejectedPerSecond: expect.any(Number),
      latencyMs: { p50: expect.any(Number), p99: expect.any(Number) },
      lastMinute: { completed: expect.any(Number), rejected: expect.any(Number) },
    });
    expect(summary.lastMinute.completed).toBeGreaterThan(0);
    stream.close();

    const again = await openEventStream(consoleUrl('/api/events'), {
      ...bearer,
      'last-event-id': String(pending.id),
    });
    const caught = await again.next(change('completed'));
    expect(caught.id).toBe(completed.id);
    expect(again.events.some(change('pending'))).toBe(false);
    again.close();
  });
});
