import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { BankMessage, TransferRequest, TransferStatus } from '../../src/gen/codepix/v1/transfer';
import { HEADERS, MESSAGE_TYPES, topicNames } from '../../src/infrastructure/kafka/topics';
import { dropTestDatabases } from '../support/database';
import { KafkaProbe, type Seen, testTopicPrefix } from '../support/kafka-probe';
import { seedTransfers, startTestHub, type TestHub } from '../support/test-hub';
import { signedMessage } from '../support/test-signatures';
import { vectors } from '../support/vectors';

/*
 * CODEPIX_SECURITY=off, which the benchmarks compare against: the hub then signs and verifies nothing
 * and keeps no signatures; everything else is as with security on.
 */
const AZUL = '11111111';
const VERDE = '22222222';
const payeeCpf = vectors.cpf.valid[5];
const e2eId = () => `E${AZUL}202612011430${randomBytes(8).toString('hex').slice(0, 11)}`;
const requestBytes = (id: string, amount: bigint) =>
  TransferRequest.encode({
    endToEndId: id,
    debtorIspb: AZUL,
    debtorAccount: { branch: '1', number: '100', ownerName: 'Maria Souza' },
    creditorKey: payeeCpf,
    amount,
    description: 'rent',
    requestedAt: new Date(),
  }).finish();

describe('with security off (CODEPIX_SECURITY=off, to measure what it costs)', () => {
  const offTopics = topicNames(testTopicPrefix('unsigned'));
  let off: TestHub;
  const offProbe = new KafkaProbe();

  beforeAll(async () => {
    off = await startTestHub('unsigned', undefined, {
      relay: true,
      topicPrefix: offTopics.prefix,
      security: { enabled: false },
    });
    await seedTransfers(off, payeeCpf);
    await offProbe.start([offTopics.bank(VERDE), offTopics.dlq]);
  }, 60_000);

  afterAll(async () => {
    await offProbe.stop();
    await off?.stop();
    if (off) await dropTestDatabases([off.databaseUrl]);
  });

  it('takes an unsigned request, signs nothing it sends and keeps no signatures', async () => {
    const id = e2eId();
    await offProbe.sendRaw(
      offTopics.transactions,
      signedMessage(undefined, {
        topic: offTopics.transactions,
        key: id,
        type: MESSAGE_TYPES.transferRequest,
        origin: AZUL,
        payload: requestBytes(id, 100n),
      }),
    );
    await offProbe.waitFor(
      offTopics.bank(VERDE),
      id,
      BankMessage.decode,
      (m) => m.transfer?.status === TransferStatus.TRANSFER_STATUS_PENDING,
    );
    const notice = offProbe.seen.find((m) => m.key === id) as Seen;
    expect(notice.headers[HEADERS.signature]).toBeUndefined();
    expect(notice.headers[HEADERS.signer]).toBeUndefined();
    const offDb = new Client({ connectionString: off.databaseUrl });
    await offDb.connect();
    try {
      expect((await offDb.query('SELECT count(*)::int AS n FROM signed_messages')).rows).toEqual([{ n: 0 }]);
    } finally {
      await offDb.end();
    }
    expect(offProbe.seen.filter((m) => m.topic === offTopics.dlq)).toEqual([]);
  }, 30_000);
});
