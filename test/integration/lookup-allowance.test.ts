import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import type { DataSource } from 'typeorm';
import { topicNames } from '../../lib/messaging/topics';
import { Writes } from '../../lib/persistence/writes';
import { Ispb } from '../../src/domain';
import { AccountType, KeyKind } from '../../src/gen/codepix/v1/common';
import { createDataSource } from '../../src/infrastructure/persistence/data-source';
import { TypeOrmTransferUnitOfWork } from '../../src/infrastructure/persistence/typeorm-transfer-unit-of-work';
import { call, callError, trailer } from '../support/grpc-call';
import { startTestHub, type TestHub } from '../support/test-hub';
import { vectors } from '../support/vectors';

/**
 * The directory's token buckets against a real hub and Postgres, with the default table: category H is
 * 50 tokens and 2 a minute (a token every 30 s, nothing within a test), G 250 and 25 a minute, and the
 * default E 5,000. A lookup needs a miss's worth (3) in the bucket, so an H bank gets 16 misses or 48 hits.
 */
const HOLDER = '11111111';
const KEY = 'ana@example.com';
const [HOLDER_CPF, PAYER_CPF] = vectors.cpf.valid;

let a: TestHub;
let b: TestHub;
let db: DataSource;

const endUser = (taxId: string) => {
  const metadata = new Metadata();
  metadata.set('codepix-end-user', taxId);
  return metadata;
};
const find = (hub: TestHub, ispb: string, key: string, metadata?: Metadata) =>
  call(hub.keys, hub.keys.findPixKey, { ispb, key }, metadata);
const allowance = (ispb: string, metadata?: Metadata) =>
  call(a.keys, a.keys.getLookupAllowance, { ispb }, metadata);
const register = (ispb: string, lookupCategory?: string) =>
  call(a.banks, a.banks.registerBank, { ispb, name: `Banco ${ispb}`, lookupCategory });

/** Looks `key` up until refused: how many lookups were answered (found or not), and the refusal. */
async function lookupsUntilRefused(hub: TestHub, ispb: string, key: string, metadata?: Metadata) {
  for (let answered = 0; answered < 500; answered++) {
    try {
      await find(hub, ispb, key, metadata);
    } catch (error) {
      const e = error as ServiceError;
      if (e.code === status.NOT_FOUND) continue;
      return { answered, refusal: e };
    }
  }
  throw new Error(`bank ${ispb} was never refused`);
}

beforeAll(async () => {
  a = await startTestHub('lookups');
  b = await startTestHub('lookups', a.databaseUrl);
  db = await createDataSource(a.databaseUrl, 2).initialize();
  await register(HOLDER);
  await call(a.keys, a.keys.registerPixKey, {
    ispb: HOLDER,
    kind: KeyKind.KEY_KIND_EMAIL,
    key: KEY,
    account: {
      branch: '1',
      number: '1',
      type: AccountType.ACCOUNT_TYPE_CACC,
      ownerName: 'Ana',
      ownerTaxId: HOLDER_CPF,
    },
  });
}, 60_000);
afterAll(async () => {
  await db?.destroy();
  await b?.stop();
  await a?.stop();
});

it('refuses a scraper that emptied its bucket with RESOURCE_EXHAUSTED and when to retry', async () => {
  await register('22222222', 'H');
  const { answered, refusal } = await lookupsUntilRefused(a, '22222222', 'nobody@example.com');
  expect(answered).toBe(16);
  expect(refusal.code).toBe(status.RESOURCE_EXHAUSTED);
  expect(trailer(refusal.metadata, 'codepix-error-code')).toBe('LOOKUP.PARTICIPANT_RATE_LIMITED');
  const retryAfterMs = Number(trailer(refusal.metadata, 'codepix-retry-after-ms'));
  // Two tokens left, three needed, one every 30 s.
  expect(retryAfterMs).toBeGreaterThan(25_000);
  expect(retryAfterMs).toBeLessThanOrEqual(30_000);
  expect(refusal.details).toMatch(/^bank 22222222 has used up its lookups: retry in \d+(\.\d)? s$/);
  // A key that exists is refused alike: the refusal tells nothing about the key.
  const found = await callError(a.keys, a.keys.findPixKey, { ispb: '22222222', key: KEY });
  expect(found.code).toBe(status.RESOURCE_EXHAUSTED);
  // Another bank is not held back.
  expect((await find(a, HOLDER, KEY)).ownerName).toBe('Ana');
});

it('lets a bank make three times as many lookups that find a key as lookups that miss', async () => {
  await register('33333333', 'H');
  await register('44444444', 'H');
  const hits = await lookupsUntilRefused(a, '33333333', KEY);
  const misses = await lookupsUntilRefused(a, '44444444', 'nobody@example.com');
  expect([hits.answered, misses.answered]).toEqual([48, 16]);
});

it('shares one bucket between two hub instances: together they allow what one would', async () => {
  await register('55555555', 'G');
  const served = { a: 0, b: 0 };
  for (let round = 0; round < 120; round++) {
    const answers = await Promise.allSettled([
      find(a, '55555555', 'nobody@example.com'),
      find(b, '55555555', 'nobody@example.com'),
    ]);
    answers.forEach((answer, i) => {
      if (answer.status === 'fulfilled') throw new Error('a key nobody registered was found');
      const code = (answer.reason as ServiceError).code;
      if (code === status.NOT_FOUND) served[i === 0 ? 'a' : 'b']++;
      else expect(code).toBe(status.RESOURCE_EXHAUSTED);
    });
  }
  const spent = 3 * (served.a + served.b);
  // 250 tokens, plus the refill of the test's few seconds (25 a minute); less at most what each
  // instance still holds of its last lease (5 tokens, 2 % of 250).
  expect(spent).toBeLessThanOrEqual(250 + 6);
  expect(spent).toBeGreaterThanOrEqual(250 - 2 * 5);
  expect(served.a).toBeGreaterThan(20);
  expect(served.b).toBeGreaterThan(20);
});

it("tells a bank its bucket and, with codepix-end-user, an end user's, who run dry on their own", async () => {
  await register('66666666');
  const payer = endUser(PAYER_CPF);
  expect(await allowance('66666666', payer)).toEqual({
    category: 'E',
    participant: { tokens: 5_000, capacity: 5_000, refillPerMinute: 2_500 },
    endUser: { tokens: 100, capacity: 100, refillPerMinute: 2 },
  });
  const { answered, refusal } = await lookupsUntilRefused(a, '66666666', 'nobody@example.com', payer);
  expect(answered).toBe(5); // 20 tokens a miss
  expect(trailer(refusal.metadata, 'codepix-error-code')).toBe('LOOKUP.END_USER_RATE_LIMITED');
  expect(refusal.details).toMatch(/^end user \*\*\*\.\d{3}\.\d{3}-\*\* has used up its lookups/);
  const state = await allowance('66666666', payer);
  // Five misses from the bank's bucket, which E refills fast (2,500 a minute): the refusal took nothing.
  expect(state.participant?.tokens).toBeGreaterThanOrEqual(5_000 - 5 * 3);
  expect(state.endUser).toEqual({ tokens: 0, capacity: 100, refillPerMinute: 2 });
  // Without the metadata only the bank's bucket applies, and it has plenty left.
  expect((await allowance('66666666')).endUser).toBeUndefined();
  expect((await find(a, '66666666', KEY)).key).toBe(KEY);
});

it('refuses a malformed end user tax id naming the metadata, and an unknown category on register', async () => {
  const bad = await callError(a.keys, a.keys.findPixKey, { ispb: HOLDER, key: KEY }, endUser('123'));
  expect(bad.code).toBe(status.INVALID_ARGUMENT);
  expect(trailer(bad.metadata, 'codepix-field')).toBe('codepix-end-user');
  const category = await callError(a.banks, a.banks.registerBank, {
    ispb: '88888888',
    name: 'Banco Q',
    lookupCategory: 'Q',
  });
  expect(category.code).toBe(status.INVALID_ARGUMENT);
  expect(trailer(category.metadata, 'codepix-field')).toBe('lookup_category');
});

it("gives a token back to the debtor bank's bucket for each completed transfer, with the batch", async () => {
  await register('77777777', 'H');
  expect((await lookupsUntilRefused(a, '77777777', 'nobody@example.com')).answered).toBe(16);
  const before = (await allowance('77777777')).participant?.tokens;
  await db.transaction(async (manager) => {
    const uow = new TypeOrmTransferUnitOfWork(manager, {
      topics: topicNames('unused'),
      notice: () => {
        throw new Error('this unit of work sends nothing');
      },
      prefetch: { strict: true, missed: () => undefined },
    });
    uow.returnLookupToken(Ispb.create('77777777'));
    uow.returnLookupToken(Ispb.create('77777777'));
    const writes = new Writes();
    await uow.flush(writes);
    await writes.run(manager);
  });
  expect(before).toBe(2);
  expect((await allowance('77777777')).participant?.tokens).toBe(4);
});
