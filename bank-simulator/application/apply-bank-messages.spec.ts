import { Money } from '../../src/domain';
import type { InboundMessage } from './messages';
import { BANK_ISPB, bankFixture, envelope, hubMessage, otherBankId } from './testing/bank-fixture';

const id = otherBankId(1);

async function withCreditor() {
  const f = bankFixture();
  const creditor = await f.funded(0n, 'Joao');
  const ref = { branch: '0001', number: creditor.number };
  const pending = hubMessage({ endToEndId: id, status: 'pending', creditorAccount: ref });
  return { ...f, creditor, ref, pending };
}

/** Sends a Pix from a funded account of this bank; returns its end-to-end id. */
async function withOutgoing(f: ReturnType<typeof bankFixture>, amount = '300') {
  const debtor = await f.funded(1000n);
  const { transfer } = await f.sendPix.execute(
    { fromAccount: debtor.number, key: 'x@example.com', amount },
    'k',
  );
  f.uow.takeOutbox();
  return { debtor, e2e: transfer.endToEndId };
}

const balances = async (f: ReturnType<typeof bankFixture>, number: string) => {
  const a = await f.account(number);
  return [a.props.balance.cents, a.props.held.cents];
};

describe('ApplyBankMessages, as the creditor bank', () => {
  it('records a pending transfer (not spendable yet) and confirms it', async () => {
    const f = await withCreditor();
    expect(await f.apply.execute([f.pending])).toEqual({ applied: 1, notices: [], outgoingFinished: 0 });
    expect((await f.queries.transfer(id)).props).toMatchObject({ direction: 'incoming', status: 'pending' });
    expect(await balances(f, f.creditor.number)).toEqual([0n, 0n]);
    expect(f.uow.takeOutbox()).toEqual([{ kind: 'reply', endToEndId: id, reply: 'confirmed' }]);
  });

  it.each([
    ['an unknown account', { branch: '0001', number: '999' }, 'CREDITOR_ACCOUNT_NOT_FOUND'],
    ['another branch', { branch: '0002', number: '1001' }, 'CREDITOR_ACCOUNT_NOT_FOUND'],
  ])('rejects a transfer to %s', async (_, creditorAccount, reason) => {
    const f = await withCreditor();
    await f.apply.execute([hubMessage({ endToEndId: id, status: 'pending', creditorAccount })]);
    expect(f.uow.takeOutbox()).toEqual([{ kind: 'reply', endToEndId: id, reply: 'rejected', reason }]);
    expect(await f.queries.transfers({})).toEqual([]);
  });

  it('rejects a transfer to a closed account', async () => {
    const f = await withCreditor();
    await f.closeAccount.execute(f.creditor.number);
    await f.apply.execute([f.pending]);
    expect(f.uow.takeOutbox()).toEqual([
      { kind: 'reply', endToEndId: id, reply: 'rejected', reason: 'CREDITOR_ACCOUNT_CLOSED' },
    ]);
  });

  it('credits the customer only when the hub confirms, once, whatever repeats', async () => {
    const f = await withCreditor();
    await f.apply.execute([f.pending]);
    const confirmed = hubMessage({ endToEndId: id, status: 'confirmed' });
    await f.apply.execute([confirmed, confirmed]);
    await f.apply.execute([confirmed, hubMessage({ endToEndId: id, status: 'confirmed' })]);
    expect(await balances(f, f.creditor.number)).toEqual([100n, 0n]);
    expect((await f.queries.transfer(id)).status).toBe('completed');
    expect(await f.queries.statement(f.creditor.number)).toMatchObject([
      { kind: 'credit', endToEndId: id, amount: Money.fromCents(100n), balanceAfter: Money.fromCents(100n) },
    ]);
  });

  it('rejects a pending incoming transfer without crediting it', async () => {
    const f = await withCreditor();
    await f.apply.execute([f.pending]);
    await f.apply.execute([hubMessage({ endToEndId: id, status: 'rejected', reason: 'DEADLINE_EXCEEDED' })]);
    expect((await f.queries.transfer(id)).props).toMatchObject({
      status: 'rejected',
      reason: 'DEADLINE_EXCEEDED',
    });
    expect(await balances(f, f.creditor.number)).toEqual([0n, 0n]);
  });

  it('answers a pending transfer asked again under a new message id, recording it once', async () => {
    const f = await withCreditor();
    await f.apply.execute([f.pending]);
    await f.apply.execute([{ ...f.pending, messageId: 'again' }]);
    expect(f.uow.takeOutbox()).toHaveLength(2);
    expect(await f.queries.transfers({})).toHaveLength(1);
  });

  it('ignores a pending transfer meant for another bank', async () => {
    const f = await withCreditor();
    const report = await f.apply.execute([
      hubMessage({ endToEndId: id, status: 'pending', creditorAccount: f.ref, creditorIspb: '33333333' }),
    ]);
    expect(report.notices).toMatchObject([{ level: 'warn', endToEndId: id }]);
    expect(f.uow.takeOutbox()).toEqual([]);
  });
});

describe('ApplyBankMessages, as the debtor bank', () => {
  it('turns the hold into a debit when the hub confirms, and acks with completed', async () => {
    const f = bankFixture();
    const { debtor, e2e } = await withOutgoing(f);
    expect(f.admission.inFlight).toBe(1);
    const report = await f.apply.execute([
      hubMessage({ endToEndId: e2e, status: 'confirmed', debtorIspb: BANK_ISPB }),
    ]);
    // Final: its place at the admission gate is free again, counted once however often it is said.
    expect([report.outgoingFinished, f.admission.inFlight]).toEqual([1, 0]);
    expect(await balances(f, debtor.number)).toEqual([700n, 0n]);
    expect((await f.queries.transfer(e2e)).status).toBe('completed');
    expect(f.uow.takeOutbox()).toEqual([{ kind: 'reply', endToEndId: e2e, reply: 'completed' }]);
    // Confirmed again under a new id: no second debit, the ack is repeated.
    const again = await f.apply.execute([hubMessage({ endToEndId: e2e, status: 'confirmed' })]);
    expect(again.outgoingFinished).toBe(0);
    expect(await balances(f, debtor.number)).toEqual([700n, 0n]);
    expect(f.uow.takeOutbox()).toEqual([{ kind: 'reply', endToEndId: e2e, reply: 'completed' }]);
  });

  it('releases the hold when the hub rejects, keeping the reason', async () => {
    const f = bankFixture();
    const { debtor, e2e } = await withOutgoing(f);
    const report = await f.apply.execute([
      hubMessage({ endToEndId: e2e, status: 'rejected', reason: 'KEY_NOT_FOUND' }),
    ]);
    expect([report.outgoingFinished, f.admission.inFlight]).toEqual([1, 0]);
    expect(await balances(f, debtor.number)).toEqual([1000n, 0n]);
    expect((await f.queries.transfer(e2e)).props).toMatchObject({
      status: 'rejected',
      reason: 'KEY_NOT_FOUND',
    });
    expect(f.uow.takeOutbox()).toEqual([]);
  });

  it('leaves the transfer alone when the hub refuses a request, and ignores completed', async () => {
    const f = bankFixture();
    const { debtor, e2e } = await withOutgoing(f);
    const body = { endToEndId: e2e, detail: 'dup' };
    const refused: InboundMessage = { ...envelope(body), kind: 'refused', ...body };
    const report = await f.apply.execute([refused, hubMessage({ endToEndId: e2e, status: 'completed' })]);
    expect(report.notices).toMatchObject([{ level: 'warn', endToEndId: e2e }]);
    expect((await f.queries.transfer(e2e)).status).toBe('pending');
    expect(await balances(f, debtor.number)).toEqual([1000n, 300n]);
  });
});

describe('ApplyBankMessages, both sides at this bank', () => {
  it('debits one account and credits the other under one end-to-end id', async () => {
    const f = await withCreditor();
    const { debtor, e2e } = await withOutgoing(f);
    const amount = Money.fromCents(300n);
    await f.apply.execute([
      hubMessage({
        endToEndId: e2e,
        status: 'pending',
        creditorAccount: f.ref,
        debtorIspb: BANK_ISPB,
        amount,
      }),
    ]);
    await f.apply.execute([hubMessage({ endToEndId: e2e, status: 'confirmed' })]);
    expect(await balances(f, debtor.number)).toEqual([700n, 0n]);
    expect(await balances(f, f.creditor.number)).toEqual([300n, 0n]);
    expect((await f.queries.transfer(e2e)).direction).toBe('outgoing');
    expect((await f.queries.transfer(e2e, 'incoming')).status).toBe('completed');
    expect(f.uow.takeOutbox().map((m) => m.kind === 'reply' && m.reply)).toEqual(['confirmed', 'completed']);
  });
});

describe('ApplyBankMessages, odd messages', () => {
  it('dead-letters a poison message and tells the hub of an unknown transfer, claiming both in the inbox', async () => {
    const f = bankFixture();
    const poison: InboundMessage = {
      ...envelope({ bytes: 1 }, 'p'),
      kind: 'poison',
      reason: 'not a BankMessage',
    };
    const unknown = hubMessage({ endToEndId: id, status: 'confirmed' }, 'u');
    const report = await f.apply.execute([poison, unknown]);
    expect(report.notices.map((n) => [n.level, n.message])).toEqual([
      ['warn', 'message cannot be applied; sent to the DLQ'],
      ['error', 'hub confirmed a transfer this bank has no record of; told the hub'],
    ]);
    expect(f.uow.takeOutbox()).toEqual([
      { kind: 'dead-letter', reason: 'not a BankMessage', original: poison.original },
      { kind: 'reply', endToEndId: id, reply: 'unknown' },
    ]);
    expect(await f.apply.execute([poison, unknown])).toEqual({
      applied: 0,
      notices: [],
      outgoingFinished: 0,
    });
    expect(f.uow.takeOutbox()).toEqual([]);
  });

  it('says again that it knows nothing of a transfer each time the hub confirms it', async () => {
    const f = bankFixture();
    await f.apply.execute([hubMessage({ endToEndId: id, status: 'confirmed', debtorIspb: BANK_ISPB })]);
    await f.apply.execute([hubMessage({ endToEndId: id, status: 'confirmed', debtorIspb: BANK_ISPB })]);
    expect(f.uow.takeOutbox()).toEqual([
      { kind: 'reply', endToEndId: id, reply: 'unknown' },
      { kind: 'reply', endToEndId: id, reply: 'unknown' },
    ]);
  });

  it('dead-letters a message reusing an earlier message id for other contents, once per offset', async () => {
    const f = await withCreditor();
    const first = hubMessage({ endToEndId: id, status: 'pending', creditorAccount: f.ref }, 'same-id');
    await f.apply.execute([first]);
    f.uow.takeOutbox();
    const forged = hubMessage({ endToEndId: id, status: 'confirmed' }, 'same-id');
    const report = await f.apply.execute([forged]);
    expect(report).toMatchObject({ applied: 0, notices: [{ level: 'warn', messageId: 'same-id' }] });
    expect(f.uow.takeOutbox()).toEqual([
      {
        kind: 'dead-letter',
        reason: expect.stringMatching(/^MESSAGE_ID_REUSED: message id same-id was taken/),
        original: forged.original,
      },
    ]);
    expect(await balances(f, f.creditor.number)).toEqual([0n, 0n]);
    expect((await f.queries.transfer(id)).status).toBe('pending');
    // The same offset delivered again, and the first message again: neither writes anything.
    await f.apply.execute([forged, first]);
    expect(f.uow.takeOutbox()).toEqual([]);
  });

  it('tells a reuse from a repeat within one batch', async () => {
    const f = await withCreditor();
    const first = hubMessage({ endToEndId: id, status: 'pending', creditorAccount: f.ref }, 'twice');
    const repeat = { ...first, original: { ...first.original, offset: '9999' } };
    const other = hubMessage({ endToEndId: otherBankId(2), status: 'confirmed' }, 'twice');
    expect((await f.apply.execute([first, repeat, other])).applied).toBe(1);
    expect(f.uow.takeOutbox().map((m) => (m.kind === 'reply' ? m.reply : m.kind))).toEqual([
      'confirmed',
      'dead-letter',
    ]);
  });
});
