import { randomBytes, randomUUID } from 'node:crypto';
import { AdmissionGate } from '../../bank-simulator/application/admission';
import { BankQueries } from '../../bank-simulator/application/bank-queries';
import { ClaimSteps } from '../../bank-simulator/application/claim-steps';
import { CloseAccount } from '../../bank-simulator/application/close-account';
import { CustomerAccess } from '../../bank-simulator/application/customer-access';
import { SetPassword } from '../../bank-simulator/application/customer-passwords';
import { DepositMoney } from '../../bank-simulator/application/deposit-money';
import { GenerateBrCode } from '../../bank-simulator/application/generate-br-code';
import { ListPixKeys } from '../../bank-simulator/application/list-pix-keys';
import { LogIn } from '../../bank-simulator/application/log-in';
import { LoginThrottle } from '../../bank-simulator/application/login-throttle';
import { OpenAccount } from '../../bank-simulator/application/open-account';
import { OpenClaim } from '../../bank-simulator/application/open-claim';
import { RegisterPixKey } from '../../bank-simulator/application/register-pix-key';
import { SendPix } from '../../bank-simulator/application/send-pix';
import { SendRefund } from '../../bank-simulator/application/send-refund';
import { BankMetrics } from '../../bank-simulator/infrastructure/bank-metrics';
import { ChangeFeed } from '../../bank-simulator/infrastructure/change-feed';
import { bankDatabaseUrl, openBankDatabase } from '../../bank-simulator/infrastructure/database';
import { GrpcHub } from '../../bank-simulator/infrastructure/grpc-hub';
import { databaseCheck } from '../../bank-simulator/infrastructure/http/database-check';
import { type HttpServer, startHttpServer } from '../../bank-simulator/infrastructure/http/server';
import { PgBankTransactionRunner } from '../../bank-simulator/infrastructure/pg-transaction-runner';
import { scryptPasswords } from '../../bank-simulator/infrastructure/scrypt-passwords';
import { cryptoRandom, systemClock } from '../../bank-simulator/infrastructure/system';
import { topicNames } from '../../lib/messaging/topics';
import { newSessionSecret, SessionTokens } from '../../lib/security/session-token';
import { Ispb } from '../../src/domain';
import { dropTestDatabases } from '../support/database';
import { DatabaseLink } from '../support/database-link';
import { agent, send } from '../support/raw-http';
import { testLogger } from '../support/test-log';
import { vectors } from '../support/vectors';

/**
 * The bank simulator's HTTP door when its database is gone: it says so (503 DATABASE.UNAVAILABLE)
 * instead of failing with 500, and recovers by itself once the database is back.
 */
describe('bank simulator: when its database is unreachable', () => {
  const ispb = '66666666';
  const link = new DatabaseLink(new URL(process.env.DATABASE_URL ?? 'postgres://localhost'));
  let http: HttpServer;
  let base: string;
  let stopDatabase: () => Promise<void>;
  const operatorToken = randomBytes(32).toString('base64url');
  const asOperator = { authorization: `Bearer ${operatorToken}` };
  const get = (path: string) => send(base, { method: 'GET', path, headers: asOperator });
  const post = (path: string, json: unknown) =>
    send(base, {
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json', ...asOperator },
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
    const uow = new PgBankTransactionRunner({
      dataSource,
      ispb,
      topics: topicNames('dbdown'),
      afterOutboxCommit: () => {},
    });
    const hub = new GrpcHub('127.0.0.1:1', ispb);
    const sendPix = new SendPix(
      Ispb.create(ispb),
      uow,
      systemClock,
      cryptoRandom,
      new AdmissionGate({ transferDeadlineMs: 10_000, inFlightMax: 2_000 }, systemClock, 0),
    );
    http = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      logger: testLogger('bank-http-bad-input'),
      credentials: { operatorToken, sessions: new SessionTokens(newSessionSecret()), sessionSeconds: 60 },
      useCases: {
        ispb,
        name: 'Banco Sem Banco',
        color: '#2f4858',
        changes: new ChangeFeed(),
        openAccount: new OpenAccount(uow, systemClock, scryptPasswords),
        depositMoney: new DepositMoney(uow, systemClock),
        closeAccount: new CloseAccount(uow),
        registerPixKey: new RegisterPixKey(uow, hub),
        listPixKeys: new ListPixKeys(uow, hub),
        sendPix,
        sendRefund: new SendRefund(Ispb.create(ispb), uow, systemClock, cryptoRandom, sendPix),
        generateBrCode: new GenerateBrCode(uow, hub, systemClock, cryptoRandom, 'SAO PAULO'),
        openClaim: new OpenClaim(ispb, uow, hub),
        claimSteps: new ClaimSteps(ispb, uow, hub),
        metrics: new BankMetrics(ispb).registry,
        queries: new BankQueries(uow),
        logIn: new LogIn(uow, scryptPasswords, new LoginThrottle(systemClock)),
        setPassword: new SetPassword(uow, scryptPasswords, systemClock),
        customerAccess: new CustomerAccess(uow),
        checkDatabase: databaseCheck(dataSource, 500),
      },
    });
    base = `http://127.0.0.1:${http.port}`;
  }, 60_000);
  afterAll(async () => {
    agent.destroy();
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
