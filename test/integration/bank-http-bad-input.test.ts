import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { connect, type Server, type Socket, createServer as tcpServer } from 'node:net';
import fc from 'fast-check';
import { BankQueries } from '../../bank-simulator/application/bank-queries';
import { CloseAccount } from '../../bank-simulator/application/close-account';
import { DepositMoney } from '../../bank-simulator/application/deposit-money';
import { ListPixKeys } from '../../bank-simulator/application/list-pix-keys';
import { OpenAccount } from '../../bank-simulator/application/open-account';
import { RegisterPixKey } from '../../bank-simulator/application/register-pix-key';
import { SendPix } from '../../bank-simulator/application/send-pix';
import { bankDatabaseUrl, openBankDatabase } from '../../bank-simulator/infrastructure/database';
import { GrpcHub } from '../../bank-simulator/infrastructure/grpc-hub';
import { databaseCheck } from '../../bank-simulator/infrastructure/http/database-check';
import { type BankUseCases, bankRoutes } from '../../bank-simulator/infrastructure/http/routes';
import { type HttpServer, startHttpServer } from '../../bank-simulator/infrastructure/http/server';
import { PgBankUnitOfWork } from '../../bank-simulator/infrastructure/pg-unit-of-work';
import { cryptoRandom, systemClock } from '../../bank-simulator/infrastructure/system';
import { Ispb } from '../../src/domain';
import { topicNames } from '../../src/infrastructure/kafka/topics';
import { createLogger } from '../../src/infrastructure/logger';
import { type BankHarness, startBankHarness } from '../support/bank-harness';
import { dropTestDatabases } from '../support/database';
import { vectors } from '../support/vectors';

/**
 * Bad input at the bank simulator's HTTP door (docs/bank-api.md): random and malformed requests to every
 * route. Whatever comes in, the answer is 2xx or a 4xx with a JSON reason (`code`, `message`, and
 * `field` for a 400), never a 5xx, and the bank keeps serving. Then: a bank whose database is gone says
 * so (503 DATABASE.UNAVAILABLE) instead of failing with 500.
 */
const RUNS = 120;
const CODE = /^[A-Z][A-Z_]*(\.[A-Z][A-Z_]*)+$/;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

function send(base: string, r: Sent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${r.path}`, { method: r.method, headers: r.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${r.method} ${r.path} in 10 s`)));
    req.on('error', reject);
    req.end(r.body);
  });
}

/** The property: 2xx, or 4xx with the JSON error shape of docs/bank-api.md; never 5xx. */
function expectFitting(r: Sent, answer: Answer): void {
  const seen = `${r.method} ${r.path.slice(0, 200)} answered ${answer.status} ${answer.text.slice(0, 300)}`;
  if (answer.status >= 500 || answer.status < 200) throw new Error(`${seen}: not a fitting status`);
  if (r.method === 'HEAD') return;
  if (!String(answer.headers['content-type']).startsWith('application/json')) {
    throw new Error(`${seen}: not JSON`);
  }
  const body = JSON.parse(answer.text);
  if (answer.status < 400) return;
  const error = body?.error;
  if (typeof error?.code !== 'string' || !CODE.test(error.code)) throw new Error(`${seen}: no stable code`);
  if (typeof error.message !== 'string' || error.message === '') throw new Error(`${seen}: no message`);
  if (answer.status === 400 && (typeof error.field !== 'string' || error.field === '')) {
    throw new Error(`${seen}: a 400 that names no field`);
  }
}

// ---- values: near-valid ones, so requests get deep into the use cases, and hostile ones ----

const controlChars = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 6,
});
const hostileString = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', '\ud800', '\u202e', '🙂', 'null', '%00', "'; DROP TABLE accounts; --"),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.tuple(fc.string({ maxLength: 6 }), controlChars, fc.string({ maxLength: 6 })).map((p) => p.join('')),
  fc.string({ minLength: 1000, maxLength: 4000 }),
  fc.stringMatching(/^\d{1,30}$/),
);
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, -0, 1e308, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant({ toString: 'x', valueOf: 1 }),
);
const near = <T>(...values: fc.Arbitrary<T>[]) =>
  fc.oneof(...values.map((arbitrary) => ({ arbitrary, weight: 3 })), { arbitrary: hostileJson, weight: 2 });

/** Accounts made in beforeAll: `open` take money and keys, `closable` is for the close route. */
const accounts = { open: [] as string[], closable: [] as string[] };
const openAccount = fc.constant(null).chain(() => fc.constantFrom(...accounts.open));
const closableAccount = fc.constant(null).chain(() => fc.constantFrom(...accounts.closable));

/** Every byte of the text's UTF-8 (lone surrogates become U+FFFD), or of raw bytes, as %XX. */
const percentEncoded = (value: string | Buffer) =>
  [...Buffer.from(value)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** A path segment: a real account, an unknown one, or anything at all (encoded, or raw and broken). */
const segment = (real: fc.Arbitrary<string>) =>
  fc.oneof(
    { arbitrary: real, weight: 3 },
    { arbitrary: fc.constantFrom('424242', '0', '1'.repeat(21)), weight: 1 },
    { arbitrary: hostileString.filter((s) => s !== '').map(percentEncoded), weight: 2 },
    {
      arbitrary: fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => percentEncoded(Buffer.from(b))),
      weight: 1,
    },
    {
      arbitrary: fc.constantFrom('%00', '%', '%zz', '%E0%A4%A', '..', '.', '%2F', '%20', '9'.repeat(4000)),
      weight: 1,
    },
  );

/**
 * A JSON object of a route's fields: each near-valid or hostile, some missing; or all valid but one,
 * hostile or missing, so the bad field meets the use case with nothing else in its way.
 */
const fields = (valid: Record<string, fc.Arbitrary<unknown>>) => {
  const names = Object.keys(valid);
  const nearModel = Object.fromEntries(names.map((n) => [n, near(valid[n])]));
  return fc.oneof(
    fc.record(nearModel, { requiredKeys: [] }),
    fc
      .constantFrom(...names)
      .chain((bad) => fc.record({ ...valid, [bad]: fc.oneof(hostileJson, fc.constant(undefined)) })),
  ) as fc.Arbitrary<Record<string, unknown>>;
};

const amount = fc.constantFrom('1', '100', 5, '1000000000000', '1000000000001', '-1', '0', '1.5');
const accountBody = fields({
  ownerName: fc.constantFrom('Ana Lima', ' Bia ', 'a\u0000b', '\ud800x'),
  ownerTaxId: fc.constantFrom(...vectors.cpf.valid, ...vectors.cnpj.valid, ...vectors.cpf.invalid),
  type: fc.constantFrom('CACC', 'SVGS', 'SLRY', 'TRAN', 'cacc'),
  branch: fc.constantFrom('0001', '1', '12345'),
});
const pixKeyBody = fields({
  kind: fc.constantFrom('cpf', 'cnpj', 'email', 'phone', 'evp', 'CPF'),
  key: fc.constantFrom(...vectors.email.valid, ...vectors.phone.valid, ...vectors.email.invalid),
});
const transferBody = fields({
  fromAccount: openAccount,
  key: fc.constantFrom(...vectors.email.valid, ...vectors.cpf.valid, '+5511987654321'),
  amount: fc.constantFrom('1', 2, '3'),
  description: fc.constantFrom('lunch', '', 'x'.repeat(141), 'a\u0000b', '\ud800', 'tab\there'),
});

/** The body: a JSON object of the route's fields, other JSON, not JSON at all, or too large. */
const body = (fields: fc.Arbitrary<Record<string, unknown>>) =>
  fc.oneof(
    { arbitrary: fields.map((f) => Buffer.from(JSON.stringify(f))), weight: 6 },
    {
      arbitrary: fc
        .tuple(fields, fc.dictionary(fc.string({ maxLength: 10 }), hostileJson, { maxKeys: 3 }))
        .map(([f, extra]) => Buffer.from(JSON.stringify({ ...extra, ...f }))),
      weight: 1,
    },
    {
      arbitrary: fc
        .constantFrom('', 'null', '[]', '"a"', '1', '{', '{"a":', '\ufeff{}', '{}}', 'NaN')
        .map((s) => Buffer.from(s)),
      weight: 1,
    },
    { arbitrary: fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)), weight: 1 },
    {
      arbitrary: fc.integer({ min: 64 * 1024 + 1, max: 80_000 }).map((n) => Buffer.alloc(n, 0x20)),
      weight: 1,
    },
  );

/** Header values as an HTTP client can send them: tab, printable ASCII and Latin-1. */
const headerValue = fc.oneof(
  fc.constantFrom('', ' ', '\t', 'x'.repeat(129), 'a b', 'ação', 'fuzz-reused-key'),
  fc.string({ unit: fc.constantFrom(...'\tAz09 ~!"é\x80\xff'.split('')), maxLength: 200 }),
  fc.uuid().map(String),
);
const headers = (idempotency: boolean) =>
  fc
    .record(
      {
        'content-type': fc.constantFrom(
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/json; charset=latin1',
          '*/*',
          ';;',
        ),
        'idempotency-key': idempotency
          ? fc.oneof(
              { arbitrary: fc.uuid().map(String), weight: 4 },
              { arbitrary: headerValue, weight: 1 },
              { arbitrary: fc.constant(undefined), weight: 1 },
            )
          : headerValue,
        accept: fc.constantFrom('application/json', 'text/html', '*/*'),
      },
      { requiredKeys: idempotency ? ['idempotency-key'] : [] },
    )
    .map(
      (h) =>
        Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>,
    );

const query = (params: Record<string, fc.Arbitrary<unknown>>) =>
  fc
    .tuple(
      fc.record(params, { requiredKeys: [] }),
      fc.array(fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 })), { maxLength: 3 }),
      fc.constantFrom('', '&', '&%zz', '&limit=1&limit=2'),
    )
    .map(([known, extra, tail]) => {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(known))
        q.append(k, typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
      for (const [k, v] of extra) q.append(k, v);
      const text = q.toString() + tail;
      return text ? `?${text}` : '';
    });

type Route = { method: 'GET' | 'POST'; template: string; request: fc.Arbitrary<Sent> };
const NO_BODY = fc.constant(Buffer.alloc(0));
const route = (
  method: 'GET' | 'POST',
  template: string,
  parts: { path?: fc.Arbitrary<string>; query?: fc.Arbitrary<string>; body?: fc.Arbitrary<Buffer> } = {},
): Route => ({
  method,
  template,
  request: fc
    .record({
      // Mostly the route's own method; now and then another (405), or one no route has.
      method: fc.oneof(
        { arbitrary: fc.constant(method), weight: 8 },
        { arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), weight: 1 },
      ),
      path: parts.path ?? fc.constant(template),
      query: parts.query ?? fc.oneof(fc.constant(''), query({})),
      body:
        method === 'POST'
          ? (parts.body ?? body(fc.constant({})))
          : fc.oneof(NO_BODY, NO_BODY, body(fc.constant({}))),
      headers: headers(template === '/transfers' && method === 'POST'),
    })
    // A body always goes with its length: without one a GET's body would be taken for the next request.
    .map(({ method, path, query, body, headers }) => ({
      method,
      path: path + query,
      headers: body.length ? { ...headers, 'content-length': String(body.length) } : headers,
      body,
    })),
});
const under = (real: fc.Arbitrary<string>, suffix = '') =>
  segment(real).map((n) => `/accounts/${n}${suffix}`);

/** Every route of the API; a test below checks this against bankRoutes() itself. */
const ROUTES: Route[] = [
  route('GET', '/health'),
  route('POST', '/accounts', { body: body(accountBody) }),
  route('GET', '/accounts'),
  route('GET', '/accounts/:number', { path: under(openAccount) }),
  route('POST', '/accounts/:number/deposits', {
    path: under(openAccount, '/deposits'),
    body: body(fields({ amount })),
  }),
  route('POST', '/accounts/:number/close', { path: under(closableAccount, '/close') }),
  route('GET', '/accounts/:number/statement', { path: under(openAccount, '/statement') }),
  route('POST', '/accounts/:number/pix-keys', {
    path: under(openAccount, '/pix-keys'),
    body: body(pixKeyBody),
  }),
  route('GET', '/accounts/:number/pix-keys', { path: under(openAccount, '/pix-keys') }),
  route('POST', '/transfers', { body: body(transferBody) }),
  route('GET', '/transfers/:endToEndId', {
    path: segment(fc.constantFrom(...vectors.end_to_end_id.valid)).map((id) => `/transfers/${id}`),
    query: query({ direction: near(fc.constantFrom('outgoing', 'incoming', 'OUTGOING')) }),
  }),
  route('GET', '/transfers', {
    query: query({
      account: near(openAccount),
      status: near(fc.constantFrom('pending', 'completed', 'rejected', 'done')),
      limit: near(fc.constantFrom('1', '1000', '1001', '0', '-1', '1.5', '1e3', ' 5')),
    }),
  }),
  route('GET', '/ledger/summary'),
];

describe('bank simulator: bad input at every HTTP route', () => {
  let h: BankHarness;
  beforeAll(async () => {
    h = await startBankHarness('bank_bad_input', '55555555');
    for (const [list, n] of [
      [accounts.open, 3],
      [accounts.closable, 2],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const opened = await h.http('POST', '/accounts', {
          ownerName: 'Ana',
          ownerTaxId: vectors.cpf.valid[i],
        });
        await h.http('POST', `/accounts/${opened.body.number}/deposits`, { amount: '100000' });
        list.push(opened.body.number);
      }
    }
  }, 120_000);
  afterAll(async () => {
    agent.destroy();
    await h?.stop();
  }, 60_000);

  it('covers every route the bank serves', () => {
    const served = bankRoutes({ ispb: '55555555', name: 'x' } as BankUseCases);
    expect(served).toHaveLength(ROUTES.length);
    for (const r of ROUTES) {
      const example = r.template.replace(/:[a-zA-Z]+/g, '1001');
      expect(served.filter((s) => s.method === r.method && s.path.test(example))).toHaveLength(1);
    }
  });

  it.each(ROUTES.map((r) => [r.method, r.template, r] as const))(
    '%s %s answers anything with 2xx or a 4xx JSON reason',
    async (_method, _template, r) => {
      await fc.assert(
        fc.asyncProperty(r.request, async (sent) => expectFitting(sent, await send(h.bank.url, sent))),
        { numRuns: RUNS },
      );
    },
    60_000,
  );

  it.each([
    ['a request line that is not HTTP', 'GARBAGE\r\n\r\n'],
    ['a header without a colon', 'GET /health HTTP/1.1\r\nHost: x\r\nbroken header\r\n\r\n'],
    ['a bad chunk size', 'POST /accounts HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['headers over 16 KiB', `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
  ])('answers %s with a 4xx JSON reason', async (_, bytes) => {
    const reply = await rawExchange(new URL(h.bank.url), bytes);
    const [head, text] = reply.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(head.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(text).error.code).toMatch(CODE);
  });

  it('stays up: health and a valid request still succeed', async () => {
    expect(await h.http('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const opened = await h.http('POST', '/accounts', { ownerName: 'Caio', ownerTaxId: vectors.cpf.valid[3] });
    expect(opened.status).toBe(201);
    const sent = await h.http(
      'POST',
      '/transfers',
      { fromAccount: accounts.open[0], key: vectors.email.valid[0], amount: '1' },
      { 'Idempotency-Key': randomUUID() },
    );
    expect(sent.status).toBe(202);
  });
});

function rawExchange(url: URL, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString()));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer in 5 s')));
  });
}

/**
 * A TCP proxy in front of Postgres that the test can cut (connections refused and the open ones reset)
 * or make silent (connections accepted, nothing answered), then restore.
 */
class DatabaseLink {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  mode: 'up' | 'silent' = 'up';
  port = 0;

  constructor(private readonly target: URL) {}

  async open(): Promise<void> {
    if (this.server) return;
    const server = tcpServer((client) => {
      this.track(client);
      if (this.mode === 'silent') return;
      const upstream = connect(Number(this.target.port || 5432), this.target.hostname);
      this.track(upstream);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Refuses new connections and resets the open ones: the database is gone. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  url(): string {
    const url = new URL(this.target);
    url.host = `127.0.0.1:${this.port}`;
    return url.toString();
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }
}

describe('bank simulator: when its database is unreachable', () => {
  const ispb = '66666666';
  const link = new DatabaseLink(new URL(process.env.DATABASE_URL ?? 'postgres://localhost'));
  let http: HttpServer;
  let base: string;
  let stopDatabase: () => Promise<void>;
  const get = (path: string) => send(base, { method: 'GET', path, headers: {} });
  const post = (path: string, json: unknown) =>
    send(base, {
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(json)),
    });

  beforeAll(async () => {
    await link.open();
    const serverUrl = new URL(link.url());
    serverUrl.pathname = `/bank_db_down_${randomUUID().slice(0, 8)}`;
    const databaseUrl = bankDatabaseUrl(serverUrl.toString(), ispb);
    const dataSource = await openBankDatabase(databaseUrl);
    const direct = new URL(databaseUrl);
    direct.host = new URL(process.env.DATABASE_URL ?? '').host;
    stopDatabase = async () => {
      await dataSource.destroy().catch(() => undefined);
      await dropTestDatabases([direct.toString()]);
    };
    // The bank's HTTP door as bank.ts wires it, over the database behind the link; no hub or Kafka needed.
    const uow = new PgBankUnitOfWork({
      dataSource,
      ispb,
      topics: topicNames('dbdown'),
      afterOutboxCommit: () => {},
    });
    const hub = new GrpcHub('127.0.0.1:1', ispb);
    http = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      logger: createLogger('error'),
      routes: bankRoutes({
        ispb,
        name: 'Banco Sem Banco',
        openAccount: new OpenAccount(uow, systemClock),
        depositMoney: new DepositMoney(uow, systemClock),
        closeAccount: new CloseAccount(uow),
        registerPixKey: new RegisterPixKey(uow, hub),
        listPixKeys: new ListPixKeys(uow, hub),
        sendPix: new SendPix(Ispb.create(ispb), uow, systemClock, cryptoRandom),
        queries: new BankQueries(uow),
        checkDatabase: databaseCheck(dataSource, 500),
      }),
    });
    base = `http://127.0.0.1:${http.port}`;
  }, 60_000);
  afterAll(async () => {
    await http?.close();
    link.mode = 'up';
    await link.open().catch(() => undefined);
    await stopDatabase?.();
    await link.cut();
  }, 30_000);

  it('answers health 200 while the database answers', async () => {
    const health = await get('/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ ispb, name: 'Banco Sem Banco', status: 'ok' });
    expect((await post('/accounts', { ownerName: 'Ana', ownerTaxId: vectors.cpf.valid[0] })).status).toBe(
      201,
    );
  });

  it('answers 503 DATABASE.UNAVAILABLE with Retry-After, on health and on every route, while it is gone', async () => {
    await link.cut();
    const health = await get('/health');
    expect(health.status).toBe(503);
    expect(JSON.parse(health.text)).toMatchObject({
      ispb,
      status: 'unavailable',
      code: 'DATABASE.UNAVAILABLE',
      error: { code: 'DATABASE.UNAVAILABLE' },
    });
    for (const answer of [
      await get('/accounts'),
      await get('/accounts/1001'),
      await get('/transfers'),
      await get('/ledger/summary'),
      await post('/accounts', { ownerName: 'Bia', ownerTaxId: vectors.cpf.valid[1] }),
      await post('/accounts/1001/deposits', { amount: '5' }),
    ]) {
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toMatch(/^\d+$/);
      expect(JSON.parse(answer.text).error).toMatchObject({ code: 'DATABASE.UNAVAILABLE' });
    }
  });

  it('answers health 503 within its short timeout when the database accepts but never answers', async () => {
    link.mode = 'silent';
    await link.open();
    const started = Date.now();
    const health = await get('/health');
    expect(health.status).toBe(503);
    expect(JSON.parse(health.text)).toMatchObject({ code: 'DATABASE.UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(3_000);
    await link.cut();
  });

  it('recovers by itself once the database is back', async () => {
    link.mode = 'up';
    await link.open();
    const until = Date.now() + 15_000;
    let health = await get('/health');
    while (health.status !== 200 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      health = await get('/health');
    }
    expect(health.status).toBe(200);
    expect((await get('/accounts')).status).toBe(200);
  });
});
