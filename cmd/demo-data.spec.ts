import { brandColor, contrastWithWhite } from '../bank-simulator/infrastructure/http/brand';
import { normaliseKey } from '../src/domain/pix-key-value';
import { Cpf } from '../src/domain/tax-id';
import {
  DEMO_BANKS,
  DEMO_CUSTOMERS,
  DEMO_PAYEE,
  DEMO_PAYEE_KEY,
  DEMO_PAYER,
  defaultBankUrl,
  demoBankPort,
  numberedCustomer,
} from './demo-data';

/** The seed must be accepted by the hub as is: a refused key would fail every `dev up`. */
describe('demo data', () => {
  it('gives each demo bank a colour of its own that white text reads on (WCAG AA)', () => {
    const colors = DEMO_BANKS.map((bank) => brandColor(bank.color));
    expect(new Set(colors).size).toBe(DEMO_BANKS.length);
    for (const color of colors) expect(contrastWithWhite(color)).toBeGreaterThanOrEqual(4.5);
  });

  it('gives each demo bank two customers with valid, distinct CPFs', () => {
    for (const bank of DEMO_BANKS) {
      expect(DEMO_CUSTOMERS.filter((c) => c.ispb === bank.ispb)).toHaveLength(2);
    }
    for (const customer of DEMO_CUSTOMERS)
      expect(Cpf.create(customer.ownerTaxId).value).toBe(customer.ownerTaxId);
    expect(new Set(DEMO_CUSTOMERS.map((c) => c.ownerTaxId)).size).toBe(DEMO_CUSTOMERS.length);
  });

  it('uses keys the hub accepts unchanged, each once, and cpf keys that match the owner', () => {
    const keys = DEMO_CUSTOMERS.flatMap((c) => c.keys);
    for (const { kind, key } of keys) expect(normaliseKey(kind, key)).toBe(key);
    expect(new Set(keys.map((k) => k.key)).size).toBe(keys.length);
    for (const customer of DEMO_CUSTOMERS) {
      for (const key of customer.keys.filter((k) => k.kind === 'cpf'))
        expect(key.key).toBe(customer.ownerTaxId);
    }
  });

  it('pays across two banks to a key of the payee', () => {
    expect(DEMO_PAYER.ispb).not.toBe(DEMO_PAYEE.ispb);
    expect(DEMO_PAYEE.keys.map((k) => k.key)).toContain(DEMO_PAYEE_KEY);
    expect(DEMO_PAYER.deposit).toBeGreaterThan(0n);
  });

  it('puts the banks on consecutive ports, or all on free ports with base 0', () => {
    expect(DEMO_BANKS.map((_, i) => demoBankPort(8081, i))).toEqual([8081, 8082, 8083]);
    expect(DEMO_BANKS.map((_, i) => demoBankPort(0, i))).toEqual([0, 0, 0]);
    expect(DEMO_BANKS.map((b) => defaultBankUrl(b.ispb))).toEqual([
      'http://localhost:8081',
      'http://localhost:8082',
      'http://localhost:8083',
    ]);
  });

  it('numbers as many customers as a load needs, each with a valid CPF of its own across the banks', () => {
    const customers = DEMO_BANKS.flatMap((bank) =>
      Array.from({ length: 500 }, (_, i) => numberedCustomer(bank.ispb, i, 'Load Customer')),
    );
    for (const customer of customers) expect(Cpf.create(customer.ownerTaxId).value).toBe(customer.ownerTaxId);
    expect(new Set(customers.map((c) => c.ownerTaxId)).size).toBe(customers.length);
    expect(numberedCustomer('22222222', 7, 'Chaos Customer').ownerName).toBe('Chaos Customer 22222222-7');
  });
});
