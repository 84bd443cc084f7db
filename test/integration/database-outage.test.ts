import { randomBytes } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { MESSAGE_TYPES, topicNames } from '../../lib/messaging/topics';
import { BankMessage, TransferRequest, TransferStatus } from '../../src/gen/codepix/v1/transfer';
import { createTestDatabase, dropTestDatabases } from '../support/database';
import { DatabaseLink } from '../support/database-link';
import { callError } from '../support/grpc-call';
import { eventually, KafkaProbe, testTopicPrefix } from '../support/kafka-probe';
import { type HealthClient, healthClient, healthStatus } from '../support/standard-clients';
import { seedTransfers, startTestHub, type TestHub } from '../support/test-hub';
import { signAsOrigin } from '../support/test-signatures';
import { vectors } from '../support/vectors';

/*
 * The hub loses its database (the network to Postgres is cut, then restored) while transfers arrive:
 * it reports NOT_SERVING meanwhile, answers calls with UNAVAILABLE, keeps running, and once the database
 * is back applies what arrived, none of it dead-lettered.
 */
const AZUL = '11111111';
const VERDE = '22222222';
const prefix = testTopicPrefix('outage');
const topics = topicNames(prefix);
const cpf = vectors.cpf.valid[2];

let link: DatabaseLink;
let hub: TestHub;
let health: HealthClient;
let databaseUrl: string;
const probe = new KafkaProbe(signAsOrigin);

beforeAll(async () => {
  databaseUrl = await createTestDatabase('outage');
  link = new DatabaseLink(new URL(databaseUrl));
  await link.open();
  hub = await startTestHub('outage', link.url(), { relay: true, topicPrefix: prefix });
  health = healthClient(hub.address);
  await seedTransfers(hub, cpf);
  await probe.start([topics.bank(VERDE), topics.dlq]);
}, 60_000);

afterAll(async () => {
  await link?.open().catch(() => undefined);
  health?.close();
  await probe.stop();
  await hub?.stop();
  await link?.cut();
  await dropTestDatabases([databaseUrl]);
});

it('says NOT_SERVING while its database is out of reach, and applies what arrived once it is back', async () => {
  expect(await healthStatus(health)).toBe('SERVING');
  await link.cut();
  await eventually(async () => ((await healthStatus(health)) === 'NOT_SERVING' ? true : undefined), 10_000);
  expect(await healthStatus(health, 'codepix.v1.TransferService')).toBe('NOT_SERVING');
  const refused = await callError(hub.keys, hub.keys.findPixKey, { key: cpf, ispb: AZUL });
  expect(refused.code).toBe(GrpcStatus.UNAVAILABLE);

  const id = `E${AZUL}202611211430${randomBytes(8).toString('hex').slice(0, 11)}`;
  const request = TransferRequest.encode({
    endToEndId: id,
    debtorIspb: AZUL,
    debtorAccount: { branch: '1', number: '100', ownerName: 'Maria' },
    creditorKey: cpf,
    amount: 700n,
    description: 'sent while the hub had no database',
    txid: '',
    requestedAt: new Date(),
  }).finish();
  await probe.send(topics.transfers, id, request, MESSAGE_TYPES.transferRequest, AZUL);
  // Long enough for several retries of the batch (and of the outbox publisher) to fail.
  await new Promise((resolve) => setTimeout(resolve, 3_000));

  await link.open();
  await eventually(async () => ((await healthStatus(health)) === 'SERVING' ? true : undefined), 15_000);
  const pending = await probe.waitFor(
    topics.bank(VERDE),
    id,
    BankMessage.decode,
    (m) => m.transfer?.status === TransferStatus.TRANSFER_STATUS_PENDING,
  );
  expect(pending.transfer?.amount).toBe(700n);
  expect(probe.seen.filter((m) => m.topic === topics.dlq)).toEqual([]);
}, 60_000);
