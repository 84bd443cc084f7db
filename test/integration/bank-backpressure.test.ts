import { randomUUID } from 'node:crypto';
import { RejectionReason, TransferRequest, TransferStatus } from '../../src/gen/codepix/v1/transfer';
import { type BankHarness, startBankHarness, waitFor } from '../support/bank-harness';

/*
 * Backpressure at the bank's HTTP door (docs/bank-api.md): a bank whose hub does not answer (the test
 * plays the hub and says nothing) and that may have 3 transfers in flight. Beyond them a send is answered
 * 429 BANK.BUSY with Retry-After and leaves nothing behind; a replay of an accepted send is still answered.
 */
describe('bank simulator: backpressure when the hub is not keeping up', () => {
  const IN_FLIGHT_MAX = 3;
  let h: BankHarness;
  beforeAll(async () => {
    h = await startBankHarness('bank_busy', '77777777', {
      transferDeadlineMs: 10_000,
      inFlightMax: IN_FLIGHT_MAX,
    });
  }, 120_000);
  afterAll(async () => h?.stop(), 60_000);

  const send = (fromAccount: string, key: string, amount = '100') =>
    h.http(
      'POST',
      '/transfers',
      { fromAccount, key: 'joao@example.com', amount },
      { 'Idempotency-Key': key },
    );
  const requestsSent = () =>
    h.published
      .filter((m) => m.topic === h.topics.transfers)
      .map((m) => TransferRequest.decode(m.value).endToEndId);

  it('answers 429 BANK.BUSY with Retry-After beyond what is in flight, recording nothing for it', async () => {
    const opened = await h.http('POST', '/accounts', { ownerName: 'Ana', ownerTaxId: '52998224725' });
    const from = opened.body.number as string;
    await h.http('POST', `/accounts/${from}/deposits`, { amount: '1000' });
    const keys = Array.from({ length: IN_FLIGHT_MAX + 2 }, () => randomUUID());

    const accepted = [];
    for (const key of keys.slice(0, IN_FLIGHT_MAX)) accepted.push(await send(from, key));
    expect(accepted.map((a) => a.status)).toEqual([202, 202, 202]);
    const ids = accepted.map((a) => a.body.endToEndId as string);

    for (const key of keys.slice(IN_FLIGHT_MAX)) {
      const busy = await send(from, key);
      expect(busy).toMatchObject({
        status: 429,
        body: { error: { code: 'BANK.BUSY', message: expect.stringMatching(/in flight/) } },
      });
      expect(busy.body.error.field).toBeUndefined();
      expect(busy.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    }

    // Nothing of the refused sends: no hold, no transfer, no request to the hub.
    expect((await h.http('GET', `/accounts/${from}`)).body).toMatchObject({
      balance: '1000',
      held: '300',
      available: '700',
    });
    const listed = await h.http('GET', `/transfers?account=${from}`);
    expect(listed.body.transfers.map((t: { endToEndId: string }) => t.endToEndId).sort()).toEqual(
      [...ids].sort(),
    );
    await waitFor(() => requestsSent().length >= IN_FLIGHT_MAX, 'the accepted requests at the hub');
    expect(requestsSent().sort()).toEqual([...ids].sort());

    // A replay of an accepted send is answered as a replay, never 429.
    const replay = await send(from, keys[0]);
    expect(replay).toMatchObject({ status: 200, body: { endToEndId: ids[0], status: 'pending' } });

    // The hub's final word on one of them frees its place: the refused request now goes through.
    await h.feed({
      endToEndId: ids[0],
      status: TransferStatus.TRANSFER_STATUS_REJECTED,
      debtorIspb: h.ispb,
      rejectionReason: RejectionReason.REJECTION_REASON_KEY_NOT_FOUND,
    });
    await waitFor(
      async () => (await h.http('GET', `/transfers/${ids[0]}`)).body.status === 'rejected',
      'the rejection applied',
    );
    const retried = await send(from, keys[IN_FLIGHT_MAX]);
    expect(retried.status).toBe(202);
    expect(await send(from, keys[IN_FLIGHT_MAX + 1])).toMatchObject({
      status: 429,
      body: { error: { code: 'BANK.BUSY' } },
    });
    expect((await h.http('GET', `/accounts/${from}`)).body).toMatchObject({ held: '300' });
  }, 60_000);
});
