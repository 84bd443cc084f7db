import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../../../lib/observability/logger';
import { newSessionSecret, SessionTokens } from '../../../lib/security/session-token';
import { Money } from '../../../src/domain';
import { GenerateBrCode } from '../../application/generate-br-code';
import { ListPixKeys } from '../../application/list-pix-keys';
import { RegisterPixKey } from '../../application/register-pix-key';
import { BANK_ISPB, bankFixture, OTHER_ISPB } from '../../application/testing/bank-fixture';
import { FakeHubDirectory, SequentialRandom } from '../../application/testing/in-memory-bank';
import { BankClaim, BankTransfer } from '../../domain';
import { BankMetrics } from '../bank-metrics';
import { ChangeFeed } from '../change-feed';
import { buildBankApp } from './app';
import type { BankUseCases } from './bank-use-cases';
import { eventsFor } from './routes/events';

/** GET /events over a real socket (a stream cannot be injected): what the feed is told, the page hears. */
const OTHER_CPF = '08301661305';
const OPERATOR = 'operator-token-of-the-spec';
const carla = { kind: 'customer', taxId: OTHER_CPF } as const;
const sessions = new SessionTokens(newSessionSecret());
const at = new Date('2026-11-21T14:30:00Z');
let n = 0;
const transfer = (account: string) =>
  BankTransfer.start({
    endToEndId: `E${BANK_ISPB}202611211430${String(++n).padStart(11, '0')}`,
    direction: 'outgoing',
    account,
    counterpartyKey: 'carla@example.com',
    amount: Money.fromCents(1234n),
    description: '',
    idempotencyKey: `k${n}`,
    fingerprint: 'f',
    createdAt: at,
  });
const claim = (donorAccount: string, claimerAccount?: string) =>
  BankClaim.of({
    id: '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
    kind: 'ownership',
    keyKind: 'email',
    key: 'maria@example.com',
    status: 'waiting_resolution',
    donorAccount,
    claimerAccount,
    counterpartyIspb: claimerAccount ? BANK_ISPB : OTHER_ISPB,
    createdAt: at,
    updatedAt: at,
  });

describe('GET /events', () => {
  let app: FastifyInstance;
  let useCases: BankUseCases;
  let base: string;
  let mine: string;
  let theirs: string;
  const changes = new ChangeFeed();
  beforeAll(async () => {
    const f = bankFixture();
    const hub = new FakeHubDirectory();
    const metrics = new BankMetrics(BANK_ISPB);
    useCases = {
      ispb: BANK_ISPB,
      name: 'Banco Azul',
      color: '#1d4ed8',
      changes,
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
    };
    app = await buildBankApp({
      logger: createLogger('error'),
      credentials: {
        operatorToken: OPERATOR,
        sessions,
        sessionSeconds: 60,
      },
      useCases,
      eventsHeartbeatMs: 100,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    mine = (await f.funded(0n)).number;
    theirs = (await f.openAccount.execute({ ownerName: 'Carla', ownerTaxId: OTHER_CPF })).number;
  });
  afterAll(() => app.close());

  /** Opens the stream and reads it until `enough` says so (or 5 s pass); then closes it. */
  async function listen(path: string, enough: (text: string) => boolean, whileOpen = () => {}) {
    const controller = new AbortController();
    const answer = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${OPERATOR}` },
      signal: controller.signal,
    });
    const reader = (answer.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const until = Date.now() + 5_000;
    let told = false;
    while (!enough(text) && Date.now() < until) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (!told && text.includes(': connected')) {
        told = true;
        whileOpen();
      }
    }
    controller.abort();
    return { answer, text };
  }
  const events = (text: string) =>
    [...text.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map(([, event, data]) => ({
      event,
      data: JSON.parse(data),
    }));

  it('streams each committed transfer as an event, with a retry hint and heartbeats', async () => {
    const sent = transfer(mine);
    const { answer, text } = await listen(
      `/events?account=${mine}`,
      (t) => t.includes('event: transfer') && t.includes(': heartbeat'),
      () => changes.publish([{ kind: 'transfer', transfer: sent }]),
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(text.startsWith('retry: 2000\n')).toBe(true);
    expect(events(text)).toEqual([
      {
        event: 'transfer',
        data: expect.objectContaining({ endToEndId: sent.endToEndId, status: 'pending', amount: '1234' }),
      },
    ]);
  });

  it('stops listening to the feed when the page goes away', async () => {
    const before = changes.size;
    await listen(`/events?account=${mine}`, (t) => t.includes(': connected'));
    for (let i = 0; i < 50 && changes.size > before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(changes.size).toBe(before);
  });

  it('tells a customer of their own accounts only, a claim once for each side they hold', async () => {
    const { frames } = eventsFor(useCases, carla, undefined);
    const told = async (change: Parameters<typeof frames>[0]) => events((await frames(change)).join(''));
    expect(await told({ kind: 'transfer', transfer: transfer(mine) })).toEqual([]);
    expect(await told({ kind: 'transfer', transfer: transfer(theirs) })).toHaveLength(1);
    expect(await told({ kind: 'claim', claim: claim(mine, theirs) })).toEqual([
      { event: 'claim', data: expect.objectContaining({ account: theirs, role: 'claimer' }) },
    ]);
    expect(await told({ kind: 'claim', claim: claim(theirs) })).toEqual([
      { event: 'claim', data: expect.objectContaining({ account: theirs, role: 'donor' }) },
    ]);
  });

  it('narrows a stream to the one account asked for, and to none of another customer’s', async () => {
    const { may } = eventsFor(useCases, carla, mine);
    expect(await may(mine)).toBe(false);
    expect(await may(theirs)).toBe(false); // narrowed to `mine`, which is not hers to watch
    expect(await eventsFor(useCases, carla, theirs).may(theirs)).toBe(true);
  });

  it('asks for a credential, and refuses an account that is not the customer’s', async () => {
    const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
    expect((await fetch(`${base}/events`)).status).toBe(401);
    const forged = new SessionTokens(newSessionSecret()).issue(OTHER_CPF, 60).token;
    expect((await fetch(`${base}/events`, as(forged))).status).toBe(401);
    const { token } = sessions.issue(OTHER_CPF, 60);
    const refused = await fetch(`${base}/events?account=${mine}`, as(token));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('AUTH.FORBIDDEN');
    const controller = new AbortController();
    const own = await fetch(`${base}/events?account=${theirs}`, { ...as(token), signal: controller.signal });
    expect(own.status).toBe(200);
    controller.abort();
  });
});
