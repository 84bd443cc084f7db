import { rejectionOf } from '../../src/application/testing/directory-fixture';
import { ValidationError } from '../../src/domain';
import { bankFixture } from './testing/bank-fixture';

const order = (fromAccount: string, amount = '100') => ({ fromAccount, key: 'Joao@Example.com', amount });

describe('SendPix', () => {
  it('holds the amount, records a pending outgoing transfer and puts one request in the outbox', async () => {
    const f = bankFixture();
    const { number } = await f.funded(1000n);
    const { transfer, created } = await f.sendPix.execute(order(number, '300'), 'k1');
    expect(created).toBe(true);
    expect(transfer.props).toMatchObject({
      direction: 'outgoing',
      account: number,
      counterpartyKey: 'joao@example.com',
      status: 'pending',
      createdAt: f.clock.now(),
    });
    expect(transfer.endToEndId).toMatch(/^E11111111202611211430[A-Za-z0-9]{11}$/);
    const account = await f.account(number);
    expect([account.props.balance.cents, account.props.held.cents]).toEqual([1000n, 300n]);
    expect(f.uow.takeOutbox()).toEqual([
      {
        kind: 'transfer-request',
        transfer,
        debtor: { branch: '0001', number, ownerName: 'Maria' },
      },
    ]);
  });

  it('refuses what the account cannot pay with ACCOUNT.INSUFFICIENT_FUNDS, recording and sending nothing', async () => {
    const f = bankFixture();
    const { number } = await f.funded(100n);
    const error = await rejectionOf(f.sendPix.execute(order(number, '101'), 'k1'));
    expect(error).toMatchObject({ code: 'ACCOUNT.INSUFFICIENT_FUNDS', kind: 'precondition' });
    expect((await f.account(number)).props.held.cents).toBe(0n);
    expect(await f.queries.transfers({})).toEqual([]);
    expect(f.uow.takeOutbox()).toEqual([]);
  });

  it('answers a replay of the same request with the first transfer, doing nothing new', async () => {
    const f = bankFixture();
    const { number } = await f.funded(1000n);
    const first = await f.sendPix.execute(order(number), 'k1');
    const again = await f.sendPix.execute({ ...order(number), amount: 100 }, 'k1');
    expect(again).toEqual({ transfer: first.transfer, created: false });
    expect((await f.account(number)).props.held.cents).toBe(100n);
    expect(f.uow.takeOutbox()).toHaveLength(1);
  });

  it('refuses the same key with another request as IDEMPOTENCY.MISMATCH', async () => {
    const f = bankFixture();
    const { number } = await f.funded(1000n);
    await f.sendPix.execute(order(number), 'k1');
    const error = await rejectionOf(f.sendPix.execute(order(number, '200'), 'k1'));
    expect(error).toMatchObject({ code: 'IDEMPOTENCY.MISMATCH', kind: 'conflict' });
    expect((await f.account(number)).props.held.cents).toBe(100n);
  });

  it('names an unknown or closed account', async () => {
    const f = bankFixture();
    expect(await rejectionOf(f.sendPix.execute(order('999'), 'k1'))).toMatchObject({
      code: 'ACCOUNT.NOT_FOUND',
    });
    const { number } = await f.funded(100n);
    await f.closeAccount.execute(number);
    expect(await rejectionOf(f.sendPix.execute(order(number), 'k2'))).toMatchObject({
      code: 'ACCOUNT.CLOSED',
    });
  });

  it('validates before touching anything: a missing Idempotency-Key names that header', async () => {
    const f = bankFixture();
    const { number } = await f.funded(100n);
    const error = await rejectionOf(f.sendPix.execute(order(number), undefined));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'Idempotency-Key' });
  });

  it('accepts exactly as many concurrent sends as the account can pay for', async () => {
    const f = bankFixture();
    const { number } = await f.funded(1000n);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => f.sendPix.execute(order(number), `k${i}`)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    const account = await f.account(number);
    expect([account.props.held.cents, account.available.cents]).toEqual([1000n, 0n]);
    expect(f.uow.takeOutbox()).toHaveLength(10);
  });

  it('refuses a new send as BANK.BUSY when the gate has no place, recording nothing', async () => {
    const f = bankFixture({ transferDeadlineMs: 10_000, inFlightMax: 2 });
    const { number } = await f.funded(1000n);
    await f.sendPix.execute(order(number), 'k1');
    await f.sendPix.execute(order(number), 'k2');
    f.uow.takeOutbox();
    const error = await rejectionOf(f.sendPix.execute(order(number), 'k3'));
    expect(error).toMatchObject({ code: 'BANK.BUSY', kind: 'exhausted', retryAfterMs: 3000 });
    expect((await f.account(number)).props.held.cents).toBe(200n);
    expect(await f.queries.transfers({})).toHaveLength(2);
    expect(f.uow.takeOutbox()).toEqual([]);
    expect(f.admission.inFlight).toBe(2);
  });

  it('still answers a replay of an accepted send when the gate has no place', async () => {
    const f = bankFixture({ transferDeadlineMs: 10_000, inFlightMax: 1 });
    const { number } = await f.funded(1000n);
    const first = await f.sendPix.execute(order(number), 'k1');
    expect(await f.sendPix.execute(order(number), 'k1')).toEqual({
      transfer: first.transfer,
      created: false,
    });
    expect(await rejectionOf(f.sendPix.execute(order(number, '200'), 'k1'))).toMatchObject({
      code: 'IDEMPOTENCY.MISMATCH',
    });
  });

  it('gives the place back when a send records nothing: refused or replayed', async () => {
    const f = bankFixture({ transferDeadlineMs: 10_000, inFlightMax: 2 });
    const { number } = await f.funded(100n);
    await rejectionOf(f.sendPix.execute(order(number, '101'), 'k1'));
    expect(f.admission.inFlight).toBe(0);
    await f.sendPix.execute(order(number), 'k2');
    expect((await f.sendPix.execute(order(number), 'k2')).created).toBe(false);
    expect(f.admission.inFlight).toBe(1);
  });
});
