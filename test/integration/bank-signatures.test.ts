import { randomBytes, randomUUID } from 'node:crypto';
import { HEADERS, MESSAGE_TYPES } from '../../lib/messaging/topics';
import { BankMessage, Transfer, TransferStatus } from '../../src/gen/codepix/v1/transfer';
import { type BankHarness, startBankHarness, waitFor } from '../support/bank-harness';
import {
  forgedSigner,
  requireSecurity,
  signedMessage,
  signerOfIdentity,
  signingHubIdentity,
  type TestSigner,
  testSigner,
} from '../support/test-signatures';
import { vectors } from '../support/vectors';

/*
 * A bank takes from its topic only what the hub signed: the test plays the hub, and feeds the bank
 * messages that are forged, tampered with, unsigned or from someone else. Each is dead-lettered with its
 * reason and changes nothing at the bank; what the real hub signs is applied.
 */
const { PENDING, CONFIRMED } = {
  PENDING: TransferStatus.TRANSFER_STATUS_PENDING,
  CONFIRMED: TransferStatus.TRANSFER_STATUS_CONFIRMED,
};
const OTHER_BANK = '22222222';
const foreignId = () =>
  `E${OTHER_BANK}${new Date().toISOString().replace(/\D/g, '').slice(0, 12)}${randomBytes(8).toString('hex').slice(0, 11)}`;

describe('bank simulator: signatures on what the hub sends', () => {
  let h: BankHarness;
  beforeAll(async () => {
    requireSecurity();
    h = await startBankHarness('bank_signed');
  }, 120_000);
  afterAll(async () => h?.stop(), 60_000);

  async function account(deposit: string, ownerName = 'Maria') {
    const opened = await h.http('POST', '/accounts', { ownerName, ownerTaxId: vectors.cpf.valid[0] });
    expect(opened.status).toBe(201);
    if (deposit !== '0')
      await h.http('POST', `/accounts/${opened.body.number}/deposits`, { amount: deposit });
    return opened.body.number as string;
  }
  const get = async (path: string) => (await h.http('GET', path)).body;
  /** Everything fed before has been applied once the bank answers this genuine one (one partition, in order). */
  async function drain(creditor: string) {
    const id = foreignId();
    const creditorAccount = { branch: '0001', number: creditor, ownerName: '' };
    await h.feed({ endToEndId: id, status: PENDING, creditorIspb: h.ispb, amount: 1n, creditorAccount });
    await h.published$(h.topics.confirmations, id);
  }

  /** A BankMessage about `transfer` as the hub's relay would send it, signed by `by` (or unsigned). */
  const hubMessage = (transfer: Partial<Transfer>, by: TestSigner | undefined, origin = 'hub') =>
    signedMessage(by, {
      topic: h.topics.bank(h.ispb),
      key: transfer.endToEndId ?? '',
      type: MESSAGE_TYPES.bankMessage,
      origin,
      payload: BankMessage.encode({ transfer: Transfer.fromPartial(transfer) }).finish(),
    });
  const hub = () => signerOfIdentity(signingHubIdentity());
  const unbelievable: [string, RegExp, (t: Partial<Transfer>) => Promise<ReturnType<typeof hubMessage>>][] = [
    [
      'signed with a hub certificate the authority never issued',
      /^BAD_SIGNATURE: certificate [0-9a-f]+ is unknown/,
      async (t) => hubMessage(t, await forgedSigner('hub')),
    ],
    [
      "signed with a forger's key under the hub's real serial",
      /^BAD_SIGNATURE: the signature does not match/,
      async (t) => hubMessage(t, { ...(await forgedSigner('hub')), serial: hub().serial }),
    ],
    [
      'changed after the hub signed it',
      /^BAD_SIGNATURE: the signature does not match/,
      async (t) => ({
        ...hubMessage(t, hub()),
        value: Buffer.from(
          BankMessage.encode({ transfer: Transfer.fromPartial({ ...t, amount: 99_999n }) }).finish(),
        ),
      }),
    ],
    ['unsigned', /^BAD_SIGNATURE: the message is not signed/, async (t) => hubMessage(t, undefined)],
    [
      "signed by a bank's certificate, not the hub's",
      /^BAD_SIGNATURE: certificate [0-9a-f]+ is unknown/,
      async (t) => hubMessage(t, await testSigner(OTHER_BANK), OTHER_BANK),
    ],
    [
      'signed by the hub under another origin',
      new RegExp(`^ORIGIN_MISMATCH: signed by hub, but codepix-origin says ${OTHER_BANK}`),
      async (t) => hubMessage(t, hub(), OTHER_BANK),
    ],
  ];

  it.each(unbelievable)(
    'dead-letters an incoming transfer %s, and records nothing',
    async (_, reason, make) => {
      const to = await account('0', 'Joao');
      const id = foreignId();
      const creditorAccount = { branch: '0001', number: to, ownerName: 'Joao' };
      const message = await make({
        endToEndId: id,
        status: PENDING,
        creditorIspb: h.ispb,
        creditorAccount,
        amount: 70n,
      });
      await h.feedRaw(message.value as Buffer, message.headers, id, false);
      const dead = await h.published$(h.topics.dlq, id);
      expect(dead.headers[HEADERS.dlqReason]).toMatch(reason);
      await drain(to);
      expect((await h.http('GET', `/transfers/${id}`)).status).toBe(404);
      expect(h.published.filter((m) => m.topic === h.topics.confirmations && m.key === id)).toEqual([]);
    },
    30_000,
  );

  it('keeps the hold on a forged confirmation of its own transfer, and debits on the genuine one', async () => {
    const from = await account('900');
    const sent = await h.http(
      'POST',
      '/transfers',
      { fromAccount: from, key: 'joao@example.com', amount: '400' },
      { 'Idempotency-Key': randomUUID() },
    );
    const id: string = sent.body.endToEndId;
    await h.published$(h.topics.transfers, id);
    const confirmed = {
      endToEndId: id,
      status: CONFIRMED,
      debtorIspb: h.ispb,
      creditorIspb: OTHER_BANK,
      amount: 400n,
    };
    const forged = hubMessage(confirmed, await forgedSigner('hub'));
    await h.feedRaw(forged.value as Buffer, forged.headers, id, false);
    expect((await h.published$(h.topics.dlq, id)).headers[HEADERS.dlqReason]).toMatch(/^BAD_SIGNATURE/);
    expect(await get(`/transfers/${id}`)).toMatchObject({ status: 'pending' });
    expect(await get(`/accounts/${from}`)).toMatchObject({ balance: '900', held: '400' });

    await h.feed(confirmed);
    await waitFor(async () => (await get(`/transfers/${id}`)).status === 'completed', 'completed');
    expect(await get(`/accounts/${from}`)).toMatchObject({ balance: '500', held: '0' });
  }, 30_000);
});
