import { randomBytes, randomUUID } from 'node:crypto';
import { TransferStatus } from '../../src/gen/codepix/v1/transfer';
import { type BankHarness, startBankHarness, waitFor } from '../support/bank-harness';
import { vectors } from '../support/vectors';

/*
 * GET /events of a real bank (its own Postgres, Kafka, a real hub for its keys; the test plays the hub's
 * relay): each transfer's states reach the stream as the bank commits them, and only the account's own.
 */

const { PENDING, CONFIRMED } = {
  PENDING: TransferStatus.TRANSFER_STATUS_PENDING,
  CONFIRMED: TransferStatus.TRANSFER_STATUS_CONFIRMED,
};
const foreignId = () =>
  `E22222222${new Date().toISOString().replace(/\D/g, '').slice(0, 12)}${randomBytes(8).toString('hex').slice(0, 11)}`;

interface Event {
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: the stream's JSON, checked by the expectations
  data: any;
}

/** An open stream, its events parsed as they arrive. */
async function openStream(url: string, token: string) {
  const controller = new AbortController();
  const answer = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const events: Event[] = [];
  let buffer = '';
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of answer.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    }
  })().catch(() => undefined); // aborted at close
  return {
    status: answer.status,
    events,
    next: (accept: (e: Event) => boolean, what: string) => waitFor(() => events.find(accept), what),
    close: async () => {
      controller.abort();
      await reading;
    },
  };
}

describe('bank: live events of transfers', () => {
  let h: BankHarness;
  beforeAll(async () => {
    h = await startBankHarness('bank_events');
  }, 120_000);
  afterAll(async () => h?.stop(), 60_000);

  async function account(deposit: string) {
    const opened = await h.http('POST', '/accounts', {
      ownerName: 'Maria',
      ownerTaxId: vectors.cpf.valid[0],
    });
    if (deposit !== '0')
      await h.http('POST', `/accounts/${opened.body.number}/deposits`, { amount: deposit });
    return opened.body.number as string;
  }

  it('streams a Pix sent as pending, then completed once the hub confirms it', async () => {
    const from = await account('1000');
    const stream = await openStream(`${h.bank.url}/events?account=${from}`, h.operatorToken);
    try {
      expect(stream.status).toBe(200);
      const sent = await h.http(
        'POST',
        '/transfers',
        { fromAccount: from, key: 'joao@example.com', amount: '300' },
        { 'Idempotency-Key': randomUUID() },
      );
      const id = sent.body.endToEndId;
      const ofIt = (status: string) => (e: Event) => e.data.endToEndId === id && e.data.status === status;
      const pending = await stream.next(ofIt('pending'), 'the pending event');
      expect(pending).toMatchObject({ event: 'transfer', data: { account: from, amount: '300' } });
      await h.feed({ endToEndId: id, status: CONFIRMED, debtorIspb: h.ispb, amount: 300n });
      await stream.next(ofIt('completed'), 'the completed event');
      expect(stream.events.filter((e) => e.data.endToEndId === id).map((e) => e.data.status)).toEqual([
        'pending',
        'completed',
      ]);
    } finally {
      await stream.close();
    }
  });

  it("streams a Pix received to its payee's account only", async () => {
    const [payee, other] = [await account('0'), await account('0')];
    const [mine, theirs] = [
      await openStream(`${h.bank.url}/events?account=${payee}`, h.operatorToken),
      await openStream(`${h.bank.url}/events?account=${other}`, h.operatorToken),
    ];
    try {
      const id = foreignId();
      const creditorAccount = { branch: '0001', number: payee, ownerName: 'Maria' };
      await h.feed({ endToEndId: id, status: PENDING, creditorIspb: h.ispb, creditorAccount, amount: 50n });
      await mine.next((e) => e.data.endToEndId === id && e.data.status === 'pending', 'the pending event');
      await h.feed({ endToEndId: id, status: CONFIRMED, creditorIspb: h.ispb, creditorAccount, amount: 50n });
      const done = await mine.next(
        (e) => e.data.endToEndId === id && e.data.status === 'completed',
        'the completed event',
      );
      expect(done.data).toMatchObject({ direction: 'incoming', account: payee, amount: '50' });
      // The other stream hears what came after in order: had it been told of the first, it would be there.
      const later = foreignId();
      const toOther = { branch: '0001', number: other, ownerName: 'Maria' };
      await h.feed({
        endToEndId: later,
        status: PENDING,
        creditorIspb: h.ispb,
        creditorAccount: toOther,
        amount: 5n,
      });
      await theirs.next((e) => e.data.endToEndId === later, "the other account's own Pix");
      expect(theirs.events.filter((e) => e.data.endToEndId === id)).toEqual([]);
    } finally {
      await Promise.all([mine.close(), theirs.close()]);
    }
  });
});
