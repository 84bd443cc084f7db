import { randomUUID } from 'node:crypto';
import { MESSAGE_TYPES, topicNames } from '../../lib/messaging/topics';
import {
  BankMessage,
  RefundReason,
  TransferRequest,
  TransferStatus,
} from '../../src/gen/codepix/v1/transfer';
import { run } from '../support/cli';
import { KafkaProbe } from '../support/kafka-probe';
import { signAsStackBank } from '../support/test-signatures';
import { api } from '../support/transfer-stack';
import { AZUL, joao, ROXO, transfersFixture, VERDE } from '../support/transfers-fixture';

/**
 * Refunds (devoluções) across the whole system: Verde, the creditor of a Pix from Azul, returns all or
 * part of it through its HTTP API; the hub moves it back like any transfer. Each test ends with
 * invariants I1-I4, refunds counted in the money conserved.
 */
const f = transfersFixture('refunds');
const DAY_MS = 24 * 60 * 60 * 1000;

/** A Pix of `amount` cents from Maria at Azul to João at Verde, completed at both banks; its id. */
async function paid(amount: bigint): Promise<string> {
  const sent = await f.send(f.payer, joao.ownerTaxId, amount);
  expect((await f.finalState(AZUL, sent.body.endToEndId)).status).toBe('completed');
  expect((await f.finalState(VERDE, sent.body.endToEndId, 'incoming')).status).toBe('completed');
  return sent.body.endToEndId;
}

const refund = (original: string, amount: bigint, reason = 'MD06') =>
  api(
    f.stack.bank(VERDE),
    'POST',
    `/transfers/${original}/refunds`,
    { amount: amount.toString(), reason },
    { 'idempotency-key': randomUUID() },
  );

/** A refund Verde sent, once final at Verde. */
async function refunded(original: string, amount: bigint, reason = 'MD06') {
  const sent = await refund(original, amount, reason);
  expect(sent.status).toBe(202);
  expect(sent.body.endToEndId).toMatch(new RegExp(`^D${VERDE}`));
  return f.finalState(VERDE, sent.body.endToEndId);
}

/** Once the hub has completed it: what the hub says was refunded of `original`. */
async function hubRefunded(original: string, refunds: string[]): Promise<bigint> {
  for (const id of refunds) {
    for (
      let i = 0;
      (await f.stack.hubTransfer(id)).status !== TransferStatus.TRANSFER_STATUS_COMPLETED;
      i++
    ) {
      if (i > 100) throw new Error(`refund ${id} not completed at the hub`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return (await f.stack.hubTransfer(original)).refundedAmount;
}

describe('refunds end to end', () => {
  it('returns a whole Pix to the account that paid it, linked to its original', async () => {
    const original = await paid(2_000n);
    const [mariaBefore, joaoBefore] = [
      await f.balance(AZUL, f.payer.number),
      await f.balance(VERDE, f.payee.number),
    ];
    const done = await refunded(original, 2_000n, 'BE08');
    expect(done).toMatchObject({
      status: 'completed',
      refundOf: original,
      refundReason: 'BE08',
      amount: '2000',
    });
    const received = await f.finalState(AZUL, done.endToEndId, 'incoming');
    expect(received).toMatchObject({ status: 'completed', refundOf: original, account: f.payer.number });
    expect(await f.balance(AZUL, f.payer.number)).toBe(mariaBefore + 2_000n);
    expect(await f.balance(VERDE, f.payee.number)).toBe(joaoBefore - 2_000n);
    const atHub = await f.stack.hubTransfer(done.endToEndId);
    expect(atHub.refundOf).toEqual({ originalEndToEndId: original, reason: RefundReason.REFUND_REASON_BE08 });
    expect(atHub.creditorIspb).toBe(AZUL);
    expect(await hubRefunded(original, [done.endToEndId])).toBe(2_000n);
  }, 60_000);

  it('takes two partial refunds up to the original and rejects a third, releasing its hold', async () => {
    const original = await paid(1_000n);
    const first = await refunded(original, 600n);
    const second = await refunded(original, 400n);
    expect([first.status, second.status]).toEqual(['completed', 'completed']);
    // João can pay a third: only the hub's count of what is left stops it.
    await api(f.stack.bank(VERDE), 'POST', `/accounts/${f.payee.number}/deposits`, { amount: '100' });
    const joaoBefore = await f.balance(VERDE, f.payee.number);
    const third = await refunded(original, 1n);
    expect(third).toMatchObject({ status: 'rejected', reason: 'REFUND_EXCEEDS_REMAINING' });
    expect(await f.balance(VERDE, f.payee.number)).toBe(joaoBefore);
    const account = await api(f.stack.bank(VERDE), 'GET', `/accounts/${f.payee.number}`);
    expect(account.body.held).toBe('0');
    expect(await hubRefunded(original, [first.endToEndId, second.endToEndId])).toBe(1_000n);
  }, 60_000);

  it('refuses, at the bank, a refund of a transfer it never received', async () => {
    const sent = await refund(`E${AZUL}202611211430NeverPaid00`, 1n);
    expect(sent.status).toBe(404);
    expect(sent.body.error.code).toBe('TRANSFER.NOT_FOUND');
  }, 30_000);

  it('rejects, at the hub, a refund signed by a bank that was not the creditor, and moves nothing', async () => {
    const original = await paid(700n);
    const topics = topicNames(f.stack.topicPrefix);
    const probe = new KafkaProbe(signAsStackBank(f.stack.identities));
    await probe.start([topics.bank(ROXO)]);
    try {
      const id = `D${ROXO}202611211430${randomUUID().replace(/-/g, '').slice(0, 11)}`;
      const forged = TransferRequest.encode({
        endToEndId: id,
        debtorIspb: ROXO,
        debtorAccount: { branch: '0001', number: '1', ownerName: 'Roxo' },
        creditorKey: '',
        amount: 700n,
        description: '',
        requestedAt: new Date(),
        refund: { originalEndToEndId: original, reason: RefundReason.REFUND_REASON_FR01 },
        txid: '',
      }).finish();
      await probe.send(topics.transfers, id, forged, MESSAGE_TYPES.transferRequest, ROXO);
      const told = await probe.waitFor(
        topics.bank(ROXO),
        id,
        BankMessage.decode,
        (m) => m.transfer !== undefined,
      );
      expect(told.transfer?.status).toBe(TransferStatus.TRANSFER_STATUS_REJECTED);
      expect(told.transfer?.rejectionDetail).toContain(`only ${VERDE}`);
      expect((await f.stack.hubTransfer(original)).refundedAmount).toBe(0n);
    } finally {
      await probe.stop();
    }
  }, 60_000);

  it('through the CLI: codepix transfer refund, and transfer status shows what was refunded', async () => {
    const original = await paid(900n);
    const bankUrl = ['--bank-url', f.stack.bank(VERDE).url, '--operator-token', f.stack.operatorToken];
    const args = ['transfer', 'refund', original, '--amount', '3.00', '--reason', 'fr01', '--json'];
    const sent = await run([...bankUrl, ...args]);
    expect(sent).toMatchObject({ code: 0 });
    const refund = JSON.parse(sent.stdout);
    expect(refund).toMatchObject({ refundOf: original, refundReason: 'FR01', amount: '300' });
    expect((await f.finalState(VERDE, refund.endToEndId)).status).toBe('completed');
    expect(await hubRefunded(original, [refund.endToEndId])).toBe(300n);
    const hub = ['--hub', f.stack.hubs[0].address];
    const shown = await run([...hub, 'transfer', 'status', original]);
    expect(shown.stdout).toMatch(/^Refunded +R\$ 3\.00$/m);
    const bad = await run([
      ...bankUrl,
      'transfer',
      'refund',
      original,
      '--amount',
      '1.00',
      '--reason',
      'XX01',
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('MD06');
  }, 60_000);

  // Last: it leaves the stack with one hub whose clock runs 91 days ahead.
  it('rejects a refund more than 90 days after the settlement (a hub whose clock runs ahead)', async () => {
    const original = await paid(500n);
    expect(await f.stack.invariants()).toEqual([]); // nothing in flight for the late hub to expire
    const first = f.stack.hubs[0];
    await f.stack.addHub({ CODEPIX_CLOCK_OFFSET_MS: String(91 * DAY_MS) });
    await f.stack.stopHub(first);
    const late = await refunded(original, 100n);
    expect(late).toMatchObject({ status: 'rejected', reason: 'REFUND_PERIOD_EXPIRED' });
    const account = await api(f.stack.bank(VERDE), 'GET', `/accounts/${f.payee.number}`);
    expect(account.body.held).toBe('0');
  }, 90_000);
});
