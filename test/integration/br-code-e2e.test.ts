import { randomUUID } from 'node:crypto';
import { run } from '../support/cli';
import { api } from '../support/transfer-stack';
import { AZUL, transfersFixture, VERDE } from '../support/transfers-fixture';

/**
 * BR Codes across the whole system: João's bank (Verde) makes the code, Maria's bank (Azul) pays it,
 * through a real hub on real Kafka and Postgres. The txid goes from the code to the payer's bank, to
 * the hub, to the payee's bank, which matches a dynamic code's charge. Each test ends with the
 * invariants I1-I4 (transfersFixture).
 */
const f = transfersFixture('br-code');

const makeCode = async (body: object) => {
  const made = await api(f.stack.bank(VERDE), 'POST', `/accounts/${f.payee.number}/br-codes`, body);
  expect(made.status).toBe(201);
  return made.body as { payload: string; brCode: Record<string, string>; charge?: Record<string, string> };
};
const pay = (body: object, idempotencyKey = randomUUID()) =>
  api(
    f.stack.bank(AZUL),
    'POST',
    '/transfers',
    { fromAccount: f.payer.number, ...body },
    { 'idempotency-key': idempotencyKey },
  );
const key = () => f.payee.key as string;

describe('BR Codes end to end', () => {
  it("pays a static code with an amount: the code's key and amount, its txid reaching the payee's bank", async () => {
    const { payload, brCode } = await makeCode({ key: key(), amount: '1250', txid: 'PEDIDO42' });
    expect(brCode).toMatchObject({ initiation: 'static', key: key(), amount: '1250', txid: 'PEDIDO42' });
    const read = await api(f.stack.bank(AZUL), 'POST', '/br-codes/parse', { payload });
    expect(read).toMatchObject({
      status: 200,
      body: { key: key(), amount: '1250', merchantName: 'Joao Lima' },
    });

    const before = await f.balance(VERDE, f.payee.number);
    const sent = await pay({ brCode: payload });
    expect(sent).toMatchObject({
      status: 202,
      body: { counterpartyKey: key(), amount: '1250', txid: 'PEDIDO42' },
    });
    expect((await f.finalState(AZUL, sent.body.endToEndId)).status).toBe('completed');
    const incoming = await f.finalState(VERDE, sent.body.endToEndId, 'incoming');
    expect(incoming).toMatchObject({ status: 'completed', amount: '1250', txid: 'PEDIDO42' });
    expect(await f.balance(VERDE, f.payee.number)).toBe(before + 1250n);
  }, 60_000);

  it('pays a dynamic code once: the charge is matched as paid with the transfer, a second payment refused', async () => {
    const { payload, brCode, charge } = await makeCode({ key: key(), amount: '3300', dynamic: true });
    expect(brCode.initiation).toBe('dynamic');
    expect(brCode.txid).toMatch(/^[A-Za-z0-9]{26,35}$/);
    expect(charge).toMatchObject({ txid: brCode.txid, status: 'active', amount: '3300' });

    // An amount beside a code with one must be the code's.
    const mismatch = await pay({ brCode: payload, amount: '3301' });
    expect(mismatch).toMatchObject({ status: 400, body: { error: { field: 'amount' } } });

    const sent = await pay({ brCode: payload, amount: '3300' });
    expect(sent.status).toBe(202);
    const id = sent.body.endToEndId;
    expect((await f.finalState(AZUL, id)).status).toBe('completed');
    expect(await f.finalState(VERDE, id, 'incoming')).toMatchObject({
      status: 'completed',
      txid: brCode.txid,
    });
    const paid = await api(f.stack.bank(VERDE), 'GET', `/charges/${brCode.txid}`);
    expect(paid).toMatchObject({ status: 200, body: { status: 'paid', endToEndId: id, payload } });

    // A dynamic code is for one payment: the payee's bank refuses the second, and Maria keeps her money.
    const again = await pay({ brCode: payload });
    expect(await f.finalState(AZUL, again.body.endToEndId)).toMatchObject({
      status: 'rejected',
      reason: 'CREDITOR_REFUSED',
    });
    expect((await api(f.stack.bank(VERDE), 'GET', `/charges/${brCode.txid}`)).body.endToEndId).toBe(id);
  }, 60_000);

  it('refuses a tampered code with 400 naming the CRC field, sending nothing', async () => {
    const { payload } = await makeCode({ key: key(), amount: '500' });
    const tampered = payload.replace('5.00', '9.00');
    expect(tampered).not.toBe(payload);
    const read = await api(f.stack.bank(AZUL), 'POST', '/br-codes/parse', { payload: tampered });
    expect(read).toMatchObject({
      status: 400,
      body: { error: { code: 'BR_CODE.INVALID', field: 'br_code.63' } },
    });
    expect(read.body.error.message).toContain('CRC mismatch');
    const listed = async () =>
      (await api(f.stack.bank(AZUL), 'GET', `/transfers?account=${f.payer.number}`)).body;
    const before = await listed();
    const sent = await pay({ brCode: tampered });
    expect(sent).toMatchObject({ status: 400, body: { error: { field: 'br_code.63' } } });
    expect(await listed()).toEqual(before);
  }, 30_000);

  it('through the CLI: codepix qr makes the code, codepix transfer send --br-code pays it', async () => {
    const bankUrl = (bank: string) => [
      '--bank-url',
      f.stack.bank(bank).url,
      '--operator-token',
      f.stack.operatorToken,
    ];
    const made = await run([
      ...bankUrl(VERDE),
      'qr',
      '--account',
      f.payee.number,
      '--key',
      key(),
      '--amount',
      '7.77',
      '--json',
    ]);
    expect(made).toMatchObject({ code: 0 });
    const { payload, brCode } = JSON.parse(made.stdout);
    expect(brCode).toMatchObject({ key: key(), amount: '777' });
    const shown = await run([...bankUrl(VERDE), 'qr', '--account', f.payee.number, '--key', key()]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/[▀▄█]/);
    expect(shown.stdout).toContain('chosen by the payer');

    const sent = await run([
      ...bankUrl(AZUL),
      'transfer',
      'send',
      '--from',
      f.payer.number,
      '--br-code',
      payload,
      '--wait',
      '--json',
    ]);
    expect(sent).toMatchObject({ code: 0 });
    expect(JSON.parse(sent.stdout)).toMatchObject({
      status: 'completed',
      amount: '777',
      counterpartyKey: key(),
    });
  }, 60_000);
});
