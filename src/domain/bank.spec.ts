import fc from 'fast-check';
import { Bank } from './bank';
import {
  AlreadyExistsError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  PreconditionError,
  ValidationError,
} from './errors';
import { Ispb } from './ispb';
import { refusal } from './testing/refusal';

const now = new Date('2026-01-01T00:00:00Z');

describe('Ispb', () => {
  it('accepts exactly 8 digits and compares by value', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{8}$/), (digits) => {
        const ispb = Ispb.create(digits);
        expect(ispb.value).toBe(digits);
        expect(ispb.toString()).toBe(digits);
        expect(ispb.equals(Ispb.create(digits))).toBe(true);
      }),
    );
    expect(Ispb.create('11111111').equals(Ispb.create('22222222'))).toBe(false);
  });

  it.each(['1111111', '111111111', '1111111a', ' 11111111', '', 11111111, null])(
    'refuses %j naming the field',
    (value) => {
      expect(refusal(() => Ispb.create(value, 'creditor_ispb')).field).toBe('creditor_ispb');
      expect(refusal(() => Ispb.create(value)).field).toBe('ispb');
    },
  );
});

describe('Bank', () => {
  it('registers active, with a trimmed name', () => {
    const bank = Bank.register({ ispb: '11111111', name: '  Banco Azul ' }, now);
    expect(bank.ispb.value).toBe('11111111');
    expect(bank.name).toBe('Banco Azul');
    expect(bank.active).toBe(true);
    expect(bank.createdAt).toBe(now);
    expect(() => bank.assertActive()).not.toThrow();
  });

  it.each([
    [{ ispb: '1', name: 'Banco' }, 'ispb'],
    [{ ispb: '11111111', name: ' ' }, 'name'],
    [{ ispb: '11111111', name: 'x'.repeat(101) }, 'name'],
    [{ ispb: '11111111', name: undefined }, 'name'],
    [{ ispb: '11111111', name: 'Banco', lookupCategory: 'h' }, 'lookup_category'],
    [{ ispb: '11111111', name: 'Banco', lookupCategory: 'HH' }, 'lookup_category'],
    [{ ispb: '11111111', name: 'Banco', lookupCategory: 8 }, 'lookup_category'],
  ])('refuses %j on field %s', (input, field) => {
    expect(refusal(() => Bank.register(input, now)).field).toBe(field);
  });

  it('keeps a lookup category of one capital letter; none or empty is the default (undefined)', () => {
    expect(Bank.register({ ispb: '11111111', name: 'B', lookupCategory: 'H' }, now).lookupCategory).toBe('H');
    expect(
      Bank.register({ ispb: '11111111', name: 'B', lookupCategory: '' }, now).lookupCategory,
    ).toBeUndefined();
    expect(Bank.register({ ispb: '11111111', name: 'B' }, now).lookupCategory).toBeUndefined();
  });

  it('once deactivated, fails assertActive with BANK.INACTIVE', () => {
    const bank = Bank.register({ ispb: '11111111', name: 'Banco Azul' }, now);
    bank.deactivate();
    expect(bank.active).toBe(false);
    let error: unknown;
    try {
      bank.assertActive();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error).toMatchObject({ code: 'BANK.INACTIVE', kind: 'precondition' });
    expect((error as Error).message).toContain('11111111');
  });

  it('restores inactive banks as they were stored', () => {
    const bank = Bank.restore({ ispb: Ispb.create('33333333'), name: 'Old', active: false, createdAt: now });
    expect(() => bank.assertActive()).toThrow(PreconditionError);
  });
});

describe('domain errors', () => {
  it.each([
    [new ValidationError('account.branch', 'must be 1 to 4 digits'), 'invalid', 'VALIDATION.INVALID_FIELD'],
    [new NotFoundError('PIX_KEY.NOT_FOUND', 'no such key'), 'not_found', 'PIX_KEY.NOT_FOUND'],
    [new AlreadyExistsError('PIX_KEY.ALREADY_EXISTS', 'taken'), 'conflict', 'PIX_KEY.ALREADY_EXISTS'],
    [new PreconditionError('PIX_KEY.LIMIT_REACHED', 'full'), 'precondition', 'PIX_KEY.LIMIT_REACHED'],
    [new ForbiddenError('PIX_KEY.NOT_OWNER', 'another bank’s key'), 'forbidden', 'PIX_KEY.NOT_OWNER'],
  ])('%s has kind %s and code %s', (error, kind, code) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.kind).toBe(kind);
    expect(error.code).toBe(code);
    expect(error.name).toBe(error.constructor.name);
  });

  it('prefixes a ValidationError message with its field, and allows a specific code', () => {
    const error = new ValidationError('amount', 'must not be negative', 'TRANSFER.NEGATIVE_AMOUNT');
    expect(error.message).toBe('amount: must not be negative');
    expect(error.field).toBe('amount');
    expect(error.code).toBe('TRANSFER.NEGATIVE_AMOUNT');
  });
});
