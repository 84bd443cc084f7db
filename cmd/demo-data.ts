/**
 * The demo world, defined once: the banks every local stack runs (`codepix dev up`, the tests, the
 * benchmarks, the fault runs), the named customers `dev up` seeds and `codepix demo` plays with, and the
 * numbered customers of loads that need many. Customers are found again by their tax id, since banks
 * assign account numbers; keys are fixed values so the demo can pay to them. The named customers' CPFs
 * are valid ones from the test vectors (test/vectors/pix-keys.json).
 */

export interface DemoBank {
  ispb: string;
  name: string;
  /** Its web app's colour (#rrggbb, white text on it at WCAG AA contrast); a bank without one wears a default. */
  color?: string;
}

export interface DemoKey {
  kind: 'cpf' | 'email' | 'phone';
  key: string;
}

export interface DemoCustomer {
  ispb: string;
  ownerName: string;
  ownerTaxId: string;
  /** Deposited once, when the account is first seeded. */
  deposit: bigint;
  keys: DemoKey[];
}

export const DEMO_BANKS: readonly DemoBank[] = [
  { ispb: '11111111', name: 'Banco Azul', color: '#1d4ed8' },
  { ispb: '22222222', name: 'Banco Verde', color: '#166534' },
  { ispb: '33333333', name: 'Banco Roxo', color: '#6d28d9' },
];

/** Bank i (in DEMO_BANKS order) listens on this port + i. */
export const DEMO_BANKS_PORT_BASE = 8081;

/** R$ 1,000,000.00 in each bank's settlement account at the hub. */
export const DEMO_SETTLEMENT_FUNDING = 100_000_000n;

/** The same key on every `dev up`: the hub funds each bank once, however often the stack restarts. */
export const fundingIdempotencyKey = (ispb: string) => `codepix-dev-seed-funding-${ispb}`;

const customer = (ispb: string, ownerName: string, ownerTaxId: string, deposit: bigint, extra: DemoKey) => ({
  ispb,
  ownerName,
  ownerTaxId,
  deposit,
  keys: [{ kind: 'cpf' as const, key: ownerTaxId }, extra],
});

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  customer('11111111', 'Ana Costa', '52998224725', 500_000n, { kind: 'email', key: 'ana.costa@example.com' }),
  customer('11111111', 'Bruno Lima', '52601815906', 250_000n, { kind: 'phone', key: '+5511987654321' }),
  customer('22222222', 'Carla Souza', '08301661305', 300_000n, {
    kind: 'email',
    key: 'carla.souza@example.com',
  }),
  customer('22222222', 'Daniel Rocha', '18609139034', 150_000n, { kind: 'phone', key: '+5521998765432' }),
  customer('33333333', 'Elisa Martins', '99603082430', 400_000n, {
    kind: 'email',
    key: 'elisa.martins@example.com',
  }),
  customer('33333333', 'Felipe Alves', '62819482112', 200_000n, { kind: 'phone', key: '+5531987651234' }),
];

/** `codepix demo` pays from the first Banco Azul customer to the first Banco Verde customer's email key. */
/** The one password every demo customer logs in to their bank with (dev seed sets it). */
export const DEMO_PASSWORD = 'pix-demo-123';

export const DEMO_PAYER = DEMO_CUSTOMERS[0];
export const DEMO_PAYEE = DEMO_CUSTOMERS[2];
export const DEMO_PAYEE_KEY = DEMO_PAYEE.keys[1].key;

/** Where `dev up` puts bank i; port base 0 lets the system pick each port. */
export const demoBankPort = (portBase: number, index: number) => (portBase === 0 ? 0 : portBase + index);

export const defaultBankUrl = (ispb: string) =>
  `http://localhost:${DEMO_BANKS_PORT_BASE + DEMO_BANKS.findIndex((b) => b.ispb === ispb)}`;

/** A valid CPF (mod-11 check digits) made from a number: different numbers, different CPFs. */
export function cpfFrom(n: number): string {
  const base = String(100_000_000 + n).slice(-9);
  const digit = (digits: string) => {
    const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * (digits.length + 1 - i), 0);
    const rest = sum % 11;
    return rest < 2 ? 0 : 11 - rest;
  };
  const first = digit(base);
  return `${base}${first}${digit(`${base}${first}`)}`;
}

/**
 * Customer `i` of a bank beyond the named ones, for a load that opens many (`role`: "Bench Customer",
 * "Chaos Customer"). The tax ids of the demo banks' customers never meet: their ISPBs differ in the
 * first digit, which sets the millions.
 */
export const numberedCustomer = (ispb: string, i: number, role: string) => ({
  ownerName: `${role} ${ispb}-${i}`,
  ownerTaxId: cpfFrom(Number(ispb[0]) * 1_000_000 + i),
});
