import { InvariantViolation, Money } from '../../src/domain';
import { expectRefusal, thrown } from '../../src/domain/testing/refusal';
import { vectors } from '../../test/support/vectors';
import { CustomerAccount, parseNewAccount } from './customer-account';

const cents = (n: bigint) => Money.fromCents(n);
const at = new Date('2026-11-21T14:30:00Z');
const open = () =>
  CustomerAccount.open(parseNewAccount({ ownerName: 'Maria', ownerTaxId: vectors.cpf.valid[0] }), '1001', at);

describe('parseNewAccount', () => {
  it('defaults to a checking account at branch 0001', () => {
    expect(parseNewAccount({ ownerName: ' Maria ', ownerTaxId: vectors.cpf.valid[0] })).toMatchObject({
      branch: '0001',
      type: 'CACC',
      ownerName: 'Maria',
    });
  });

  it('accepts a company (CNPJ) and every account type', () => {
    for (const type of ['CACC', 'SVGS', 'SLRY', 'TRAN']) {
      const parsed = parseNewAccount({
        ownerName: 'ACME',
        ownerTaxId: vectors.cnpj.valid[0],
        type,
        branch: '12',
      });
      expect(parsed).toMatchObject({ type, branch: '12' });
      expect(parsed.ownerTaxId.kind).toBe('cnpj');
    }
  });

  it.each([
    [{ ownerTaxId: vectors.cpf.valid[0] }, 'ownerName'],
    [{ ownerName: 'M', ownerTaxId: vectors.cpf.invalid[2] }, 'ownerTaxId'],
    [{ ownerName: 'M', ownerTaxId: vectors.cnpj.invalid[0] }, 'ownerTaxId'],
    [{ ownerName: 'M', ownerTaxId: vectors.cpf.valid[0], type: 'XXXX' }, 'type'],
    [{ ownerName: 'M', ownerTaxId: vectors.cpf.valid[0], branch: '12345' }, 'branch'],
    [{ ownerName: 'M'.repeat(141), ownerTaxId: vectors.cpf.valid[0] }, 'ownerName'],
  ])('refuses %j naming %s', (input, field) => {
    expectRefusal(() => parseNewAccount(input), field);
  });
});

describe('CustomerAccount', () => {
  it('opens empty and takes deposits', () => {
    const account = open().deposit(cents(1500n));
    expect(account.props).toMatchObject({ status: 'open', number: '1001' });
    expect(account.props.balance.cents).toBe(1500n);
    expect(account.available.cents).toBe(1500n);
  });

  it('holds only what is available, and never changes the account it was called on', () => {
    const funded = open().deposit(cents(1000n));
    const held = funded.hold(cents(600n));
    expect([held.props.held.cents, held.available.cents]).toEqual([600n, 400n]);
    expect(funded.props.held.cents).toBe(0n);
    expect(thrown(() => held.hold(cents(401n)))).toMatchObject({ code: 'ACCOUNT.INSUFFICIENT_FUNDS' });
    expect(held.hold(cents(400n)).available.cents).toBe(0n);
  });

  it('turns a hold into a debit, or releases it', () => {
    const held = open().deposit(cents(1000n)).hold(cents(600n));
    const debited = held.debitHeld(cents(600n));
    expect([debited.props.balance.cents, debited.props.held.cents]).toEqual([400n, 0n]);
    const released = held.releaseHold(cents(600n));
    expect([released.props.balance.cents, released.props.held.cents]).toEqual([1000n, 0n]);
  });

  it('keeps held within the balance, whatever the caller does: breaking it is a bug', () => {
    const held = open().deposit(cents(100n)).hold(cents(100n));
    expect(() => held.releaseHold(cents(101n))).toThrow(InvariantViolation);
    expect(() => held.debitHeld(cents(101n))).toThrow(InvariantViolation);
    expect(() => CustomerAccount.restore({ ...held.props, held: cents(101n) })).toThrow(InvariantViolation);
  });

  it('asserts its other invariants on restore and on every change', () => {
    const funded = open().deposit(cents(100n));
    for (const change of [
      () => funded.deposit(Money.ZERO),
      () => funded.hold(Money.ZERO),
      () => funded.credit(Money.ZERO),
      () => CustomerAccount.restore({ ...funded.props, status: 'closed', held: cents(1n) }),
      () => CustomerAccount.restore({ ...funded.props, balance: cents(2n ** 63n) }),
      () => CustomerAccount.restore({ ...funded.props, ownerName: 'M'.repeat(141) }),
    ]) {
      expect(thrown(change)).toBeInstanceOf(InvariantViolation);
    }
  });

  it('refuses deposits and holds once closed, but still takes a confirmed credit', () => {
    const closed = open().deposit(cents(100n)).close();
    expect(closed.props.status).toBe('closed');
    expect(thrown(() => closed.deposit(cents(1n)))).toMatchObject({
      code: 'ACCOUNT.CLOSED',
      kind: 'precondition',
    });
    expect(thrown(() => closed.hold(cents(1n)))).toMatchObject({ code: 'ACCOUNT.CLOSED' });
    expect(closed.credit(cents(50n)).props.balance.cents).toBe(150n);
  });

  it('closes once (closing again changes nothing) and never with money on hold', () => {
    const closed = open().close();
    expect(closed.close()).toBe(closed);
    const held = open().deposit(cents(10n)).hold(cents(10n));
    expect(thrown(() => held.close())).toMatchObject({ code: 'ACCOUNT.FUNDS_ON_HOLD' });
  });
});
