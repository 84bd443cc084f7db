import {
  ACCOUNT_TYPES,
  Account,
  type AccountInput,
  KEYS_PER_ACCOUNT_MAX,
  parseAccountNumber,
  parseBranch,
} from './account';
import { Cnpj, Cpf } from './tax-id';
import { refusal } from './testing/refusal';

const input: AccountInput = {
  ispb: '11111111',
  branch: '0001',
  number: '123456',
  type: 'CACC',
  ownerName: 'Maria Silva',
  ownerTaxId: '52998224725',
};

describe('Account.create', () => {
  it('builds an account from a valid request', () => {
    const account = Account.create(input, 'acc-1');
    expect(account.id).toBe('acc-1');
    expect(account.props).toMatchObject({
      branch: '0001',
      number: '123456',
      type: 'CACC',
      ownerName: 'Maria Silva',
    });
    expect(account.props.ispb.value).toBe('11111111');
    expect(account.props.ownerTaxId).toBeInstanceOf(Cpf);
    expect(account.props.ownerTaxId.value).toBe('52998224725');
  });

  it.each(ACCOUNT_TYPES)('accepts type %s', (type) => {
    expect(Account.create({ ...input, type }, 'a').props.type).toBe(type);
  });

  it('reads a 14-digit owner tax id as a CNPJ', () => {
    const account = Account.create({ ...input, ownerTaxId: '11222333000181' }, 'a');
    expect(account.props.ownerTaxId).toBeInstanceOf(Cnpj);
  });

  it('trims the owner name', () => {
    expect(Account.create({ ...input, ownerName: '  Maria  ' }, 'a').props.ownerName).toBe('Maria');
  });

  it.each([
    ['branch', '1'],
    ['branch', '9999'],
    ['number', '1'],
    ['number', '1'.repeat(20)],
    ['ownerName', 'x'.repeat(140)],
  ] as const)('accepts %s at the edge: %s', (key, value) => {
    expect(() => Account.create({ ...input, [key]: value }, 'a')).not.toThrow();
  });
});

describe('Account.create errors name the request field under account.', () => {
  it.each([
    ['ispb', '1111111', 'account.ispb'],
    ['ispb', undefined, 'account.ispb'],
    ['branch', '12345', 'account.branch'],
    ['branch', '', 'account.branch'],
    ['branch', '12a', 'account.branch'],
    ['number', '1'.repeat(21), 'account.number'],
    ['number', '-1', 'account.number'],
    ['type', 'CHECKING', 'account.type'],
    ['type', 'cacc', 'account.type'],
    ['type', undefined, 'account.type'],
    ['ownerName', '   ', 'account.owner_name'],
    ['ownerName', 'x'.repeat(141), 'account.owner_name'],
    ['ownerName', 42, 'account.owner_name'],
    ['ownerTaxId', '52998224726', 'account.owner_tax_id'],
    ['ownerTaxId', '11222333000182', 'account.owner_tax_id'],
    ['ownerTaxId', '123', 'account.owner_tax_id'],
  ] as const)('%s = %j → %s', (key, value, field) => {
    const error = refusal(() => Account.create({ ...input, [key]: value }, 'a'));
    expect(error.field).toBe(field);
    expect(error.kind).toBe('invalid');
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('uses the prefix it is given', () => {
    expect(refusal(() => Account.create({ ...input, branch: 'x' }, 'a', 'creditor.')).field).toBe(
      'creditor.branch',
    );
    expect(refusal(() => Account.create({ ...input, ownerTaxId: '1' }, 'a', '')).field).toBe('owner_tax_id');
  });
});

describe('key limits', () => {
  it('are 5 for a person and 20 for a company', () => {
    expect(KEYS_PER_ACCOUNT_MAX).toEqual({ cpf: 5, cnpj: 20 });
    expect(Account.create(input, 'a').keyLimit).toBe(5);
    expect(Account.create({ ...input, ownerTaxId: '11222333000181' }, 'a').keyLimit).toBe(20);
  });
});

describe('sameAccountAs', () => {
  const a = Account.create(input, 'a');

  it('holds for the same bank, branch and number, whatever the id or owner', () => {
    const b = Account.create({ ...input, ownerName: 'Someone Else', type: 'SVGS' }, 'b');
    expect(a.sameAccountAs(b)).toBe(true);
    expect(b.sameAccountAs(a)).toBe(true);
  });

  it.each([
    ['ispb', '22222222'],
    ['branch', '0002'],
    ['number', '123457'],
  ] as const)('fails when %s differs', (key, value) => {
    expect(a.sameAccountAs(Account.create({ ...input, [key]: value }, 'a'))).toBe(false);
  });
});

describe('Account.restore', () => {
  it('copies the props it is given', () => {
    const original = Account.create(input, 'a');
    const props = { ...original.props };
    const restored = Account.restore(props);
    props.branch = '9999';
    expect(restored.props.branch).toBe('0001');
    expect(restored.sameAccountAs(original)).toBe(true);
  });
});

describe('parseBranch and parseAccountNumber', () => {
  it('accept 1-4 and 1-20 digits, naming their default or given field otherwise', () => {
    expect(parseBranch('0001')).toBe('0001');
    expect(parseAccountNumber('12345678901234567890')).toBe('12345678901234567890');
    expect(refusal(() => parseBranch('00001')).field).toBe('branch');
    expect(refusal(() => parseBranch('', 'filter.branch')).field).toBe('filter.branch');
    expect(refusal(() => parseAccountNumber('1'.repeat(21))).field).toBe('number');
    expect(refusal(() => parseAccountNumber('12-3', 'filter.number')).field).toBe('filter.number');
  });
});
