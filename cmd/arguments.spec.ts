import { InvalidArgumentError } from 'commander';
import { oneOf, parseCount, parseDuration, parseIsoTime } from './arguments';

describe('oneOf', () => {
  const option = oneOf('--kind <kind>', 'kind of key', ['cpf', 'email', 'CACC']);
  const parse = (value: string) => option.parseArg?.(value, undefined);

  it('matches without regard to case and returns the canonical spelling', () => {
    expect(parse('EMAIL')).toBe('email');
    expect(parse('cacc')).toBe('CACC');
  });

  it('refuses anything else, naming the choices', () => {
    expect(() => parse('iban')).toThrow('Allowed choices are cpf, email, CACC.');
  });
});

describe('parseIsoTime', () => {
  it.each([
    ['2026-01-31', '2026-01-31T00:00:00.000Z'],
    ['2026-01-31T14:30:00Z', '2026-01-31T14:30:00.000Z'],
    ['2026-01-31T14:30:00.250Z', '2026-01-31T14:30:00.250Z'],
    ['2026-01-31T14:30:00-03:00', '2026-01-31T17:30:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('reads %j', (raw, iso) => {
    expect(parseIsoTime(raw).toISOString()).toBe(iso);
  });

  it.each([
    'yesterday',
    '31/01/2026',
    '2026-1-31',
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '2026-01-31T25:00Z',
  ])('refuses %j', (raw) => {
    expect(() => parseIsoTime(raw)).toThrow(InvalidArgumentError);
  });
});

describe('parseCount', () => {
  it('reads whole numbers in range', () => {
    expect(parseCount('1', 10)).toBe(1);
    expect(parseCount('10', 10)).toBe(10);
  });

  it.each(['0', '11', '-1', '1.5', '', 'ten', '1e1'])('refuses %j', (raw) => {
    expect(() => parseCount(raw, 10)).toThrow('Expected a whole number from 1 to 10.');
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['1m', 60_000],
    ['2h', 7_200_000],
    ['7d', 604_800_000],
  ])('reads %s', (raw, ms) => {
    expect(parseDuration(raw)).toBe(ms);
  });

  it.each(['', '1', 'm', '-1m', '1.5m', '0s', '1 week', '1M', '40000d'])('refuses %j', (raw) => {
    expect(() => parseDuration(raw)).toThrow(InvalidArgumentError);
  });
});
