import { InvalidArgumentError } from 'commander';
import fc from 'fast-check';
import { formatReais, parseReais } from './amount';

describe('parseReais', () => {
  it.each([
    ['12.34', 1234n],
    ['12', 1200n],
    ['12.3', 1230n],
    ['0.01', 1n],
    ['0.5', 50n],
    ['007.10', 710n],
    [' 5 ', 500n],
    ['1,000', 100000n],
    ['1,000,000.00', 100000000n],
    ['999999999999999.99', 99999999999999999n],
  ])('reads %j as %s cents', (raw, cents) => {
    expect(parseReais(raw)).toBe(cents);
  });

  it.each([
    '',
    '0',
    '0.00',
    '-1',
    '+1',
    '12.345',
    '.5',
    '12.',
    '1e3',
    'abc',
    'R$ 12',
    '1,00',
    '10,00.00',
    '1000000000000000',
  ])('refuses %j', (raw) => {
    expect(() => parseReais(raw)).toThrow(InvalidArgumentError);
  });

  it('points at the dot when given a decimal comma', () => {
    expect(() => parseReais('12,34')).toThrow(/use a dot for cents/);
  });
});

describe('formatReais', () => {
  it.each([
    [1234n, 'R$ 12.34'],
    [1n, 'R$ 0.01'],
    [0n, 'R$ 0.00'],
    [100000000n, 'R$ 1,000,000.00'],
    [-1n, '-R$ 0.01'],
    ['150000', 'R$ 1,500.00'],
  ])('shows %s cents as %j', (cents, text) => {
    expect(formatReais(cents)).toBe(text);
  });

  it('reads back what it shows', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 17n - 1n }), (cents) => {
        expect(parseReais(formatReais(cents).replace('R$ ', ''))).toBe(cents);
      }),
    );
  });
});
