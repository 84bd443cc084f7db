import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../../../lib/observability/logger';
import { newSessionSecret, SessionTokens } from '../../../lib/security/session-token';
import { ClaimSteps } from '../../application/claim-steps';
import { GenerateBrCode } from '../../application/generate-br-code';
import { ListPixKeys } from '../../application/list-pix-keys';
import { RegisterPixKey } from '../../application/register-pix-key';
import {
  BANK_ISPB,
  bankFixture,
  claimMessage,
  hubClaim,
  OTHER_ISPB,
} from '../../application/testing/bank-fixture';
import { claimSide } from '../../application/testing/fake-hub-claims';
import { FakeHubDirectory, SequentialRandom } from '../../application/testing/in-memory-bank';
import { BankMetrics } from '../bank-metrics';
import { ChangeFeed } from '../change-feed';
import { HubCallError } from '../grpc-hub';
import { buildBankApp } from './app';

/** The calls here are the operator's: customers' calls are in test/integration/bank-auth.test.ts. */
const OPERATOR = 'operator-token-of-the-spec';
const asOperator = { authorization: `Bearer ${OPERATOR}` };

/** What the hub says when it refuses: a gRPC status, and its code and field in the trailers. */
const refusal = (code: status, errorCode: string, field?: string) => {
  const metadata = new Metadata();
  metadata.set('codepix-error-code', errorCode);
  if (field) metadata.set('codepix-field', field);
  return new HubCallError({ code, details: `${errorCode} said the hub`, metadata } as ServiceError);
};

/** The claim routes over the in-memory bank and a fake hub, through fastify's inject. */
describe('the bank HTTP app, claim routes', () => {
  let app: FastifyInstance;
  let f: ReturnType<typeof bankFixture>;
  let number: string;
  beforeAll(async () => {
    f = bankFixture();
    const directory = new FakeHubDirectory();
    // The fake moves claims; these two steps are refused as the hub would refuse them.
    const hub = Object.assign(Object.create(f.hubClaims), {
      completeClaim: async () => {
        throw refusal(status.FAILED_PRECONDITION, 'CLAIM.INVALID_TRANSITION');
      },
      getClaim: async () => {
        throw refusal(status.PERMISSION_DENIED, 'CLAIM.NOT_PARTY');
      },
    });
    app = await buildBankApp({
      logger: createLogger('error'),
      credentials: {
        operatorToken: OPERATOR,
        sessions: new SessionTokens(newSessionSecret()),
        sessionSeconds: 60,
      },
      useCases: {
        ispb: BANK_ISPB,
        name: 'Banco Azul',
        color: '#1d4ed8',
        changes: new ChangeFeed(),
        checkDatabase: async () => undefined,
        openAccount: f.openAccount,
        depositMoney: f.deposit,
        closeAccount: f.closeAccount,
        registerPixKey: new RegisterPixKey(f.uow, directory),
        listPixKeys: new ListPixKeys(f.uow, directory),
        sendPix: f.sendPix,
        sendRefund: f.sendRefund,
        generateBrCode: new GenerateBrCode(f.uow, directory, f.clock, new SequentialRandom(), 'SAO PAULO'),
        openClaim: f.openClaim,
        claimSteps: new ClaimSteps(BANK_ISPB, f.uow, hub),
        queries: f.queries,
        logIn: f.logIn,
        setPassword: f.setPassword,
        customerAccess: f.customerAccess,
        metrics: new BankMetrics(BANK_ISPB).registry,
      },
    });
    number = (await f.funded(0n)).number;
    f.hubClaims.keys.set('maria@example.com', claimSide(OTHER_ISPB, '7001'));
  });
  afterAll(() => app.close());

  const call = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const answer = await app.inject({
      method,
      url,
      payload: body === undefined ? undefined : JSON.stringify(body),
      headers: asOperator,
    });
    return { status: answer.statusCode, body: answer.json() };
  };

  it('opens a claim for an account (201) and lists it with its side, newest first', async () => {
    const opened = await call('POST', `/accounts/${number}/claims`, {
      kind: 'portability',
      key: 'maria@example.com',
    });
    expect(opened).toMatchObject({
      status: 201,
      body: {
        kind: 'portability',
        status: 'open',
        claimer: { ispb: BANK_ISPB, number },
        donor: { ispb: OTHER_ISPB },
      },
    });
    expect(opened.body).not.toHaveProperty('history');
    const later = new Date('2026-11-21T14:31:00Z');
    const donated = hubClaim({
      donor: claimSide(BANK_ISPB, number),
      createdAt: later,
      updatedAt: later,
    });
    await f.apply.execute([claimMessage(donated)]);
    expect((await call('GET', `/accounts/${number}/claims`)).body.claims).toEqual([
      expect.objectContaining({
        id: donated.id,
        role: 'donor',
        status: 'open',
        createdAt: '2026-11-21T14:31:00.000Z',
      }),
      expect.objectContaining({
        id: opened.body.id,
        role: 'claimer',
        account: number,
        counterpartyIspb: OTHER_ISPB,
      }),
    ]);
  });

  it('refuses a bad body naming the field, and an id that is no UUID as no claim', async () => {
    const badKind = await call('POST', `/accounts/${number}/claims`, { kind: 'theft', key: 'x@example.com' });
    expect(badKind).toMatchObject({ status: 400, body: { error: { field: 'kind' } } });
    const badReason = await call('POST', `/claims/${hubClaim().id}/cancel`, { reason: 'DEFAULT_OPERATION' });
    expect(badReason).toMatchObject({ status: 400, body: { error: { field: 'reason' } } });
    for (const url of ['/claims/nope', '/claims/nope/confirm']) {
      const method = url.endsWith('confirm') ? 'POST' : 'GET';
      expect(await call(method, url)).toMatchObject({
        status: 404,
        body: { error: { code: 'CLAIM.NOT_FOUND' } },
      });
    }
    expect((await call('GET', '/accounts/999/claims')).status).toBe(404);
  });

  it('confirms for USER_REQUESTED by default and answers what the hub answered', async () => {
    const claim = hubClaim({
      id: '0f0e0d0c-0b0a-4908-8706-050403020100',
      donor: claimSide(BANK_ISPB, number),
    });
    f.hubClaims.add({ ...claim, status: 'waiting_resolution' });
    const confirmed = await call('POST', `/claims/${claim.id}/confirm`);
    expect(confirmed).toMatchObject({ status: 200, body: { status: 'confirmed', reason: 'USER_REQUESTED' } });
  });

  it("passes the hub's refusals on with its code: 422 for a step the claim's state refuses, 403", async () => {
    const id = hubClaim().id;
    expect(await call('POST', `/claims/${id}/complete`)).toEqual({
      status: 422,
      body: {
        error: { code: 'CLAIM.INVALID_TRANSITION', message: 'hub: CLAIM.INVALID_TRANSITION said the hub' },
      },
    });
    expect(await call('GET', `/claims/${id}`)).toMatchObject({
      status: 403,
      body: { error: { code: 'CLAIM.NOT_PARTY' } },
    });
  });
});
