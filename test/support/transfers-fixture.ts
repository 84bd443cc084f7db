import { randomUUID } from 'node:crypto';
import { DEMO_BANKS } from '../../cmd/demo-data';
import { eventually } from './kafka-probe';
import { api, startTransferStack, transferStack } from './transfer-stack';
import { vectors } from './vectors';

export const [AZUL, VERDE, ROXO] = DEMO_BANKS.map((bank) => bank.ispb);
export const owner = (ownerName: string, ownerTaxId: string) => ({ ownerName, ownerTaxId });
export const [maria, joao, ana, pedro] = vectors.cpf.valid.map((taxId, i) =>
  owner(['Maria Souza', 'João Lima', 'Ana Reis', 'Pedro Alves'][i] ?? `Cliente ${i}`, taxId),
);
// Short enough to test expiry quickly, long enough to outlast a consumer-group rebalance.
export const DEADLINE_MS = 8_000;

export type Customer = { number: string; key?: string };

/**
 * The whole system for one test file: a stack of its own on the run's servers, Banco Azul and Banco
 * Verde funded, Maria at Azul with money and João at Verde, each with a CPF key; every test ends with
 * invariants I1-I4 and I6 across the hub and the banks.
 */
export function transfersFixture(name: string, env: NodeJS.ProcessEnv = {}) {
  const stack = transferStack({ name, deadlineMs: DEADLINE_MS, env });
  const f = {
    stack,
    payer: undefined as unknown as Customer,
    payee: undefined as unknown as Customer,
    send: (from: Customer, key: string, amount: bigint, bank = AZUL, idempotencyKey = randomUUID()) =>
      api(
        stack.bank(bank),
        'POST',
        '/transfers',
        { fromAccount: from.number, key, amount: amount.toString() },
        { 'idempotency-key': idempotencyKey },
      ),
    finalState: (bank: string, id: string, direction = 'outgoing') =>
      eventually(async () => {
        const { body } = await api(stack.bank(bank), 'GET', `/transfers/${id}?direction=${direction}`);
        return body?.status === 'completed' || body?.status === 'rejected' ? body : undefined;
      }, 20_000),
    balance: async (bank: string, number: string) =>
      BigInt((await api(stack.bank(bank), 'GET', `/accounts/${number}`)).body.balance),
  };
  beforeAll(async () => {
    await startTransferStack(stack);
    await stack.fund(AZUL, 10_000_000n);
    await stack.fund(VERDE, 10_000_000n);
    f.payer = await stack.customer(AZUL, maria, 100_000n, { kind: 'cpf', key: maria.ownerTaxId });
    f.payee = await stack.customer(VERDE, joao, 0n, { kind: 'cpf', key: joao.ownerTaxId });
  }, 180_000);
  afterAll(() => stack.stop(), 60_000);
  afterEach(async () => {
    expect(await stack.invariants()).toEqual([]);
  }, 60_000);
  return f;
}
