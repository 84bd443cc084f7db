import { numberedCustomer } from '../cmd/demo-data';
import type { StackBank as Bank } from '../stack/stack';
import type { JsonHttp, Reply } from './json-http';
import { phaseProgress } from './load';

/** The benchmark's customers at the banks, and the transfers it asks them for over HTTP. */

export interface Customer {
  bank: Bank;
  account: string;
  key: string;
}

/** Opens `perBank` accounts at every bank, each with `deposit` cents and one EVP key; progress to `log`. */
export async function openCustomers(
  client: JsonHttp,
  banks: Bank[],
  perBank: number,
  deposit: bigint,
  log: (line: string) => void,
): Promise<Customer[]> {
  const expect = (what: string, r: Reply, status: number, field: 'number' | 'key'): string => {
    const value = r.body?.[field];
    if (r.status !== status || !value) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    return value;
  };
  const open = async (bank: Bank, i: number): Promise<Customer> => {
    const opened = await client.request(
      bank,
      'POST',
      '/accounts',
      numberedCustomer(bank.ispb, i, 'Bench Customer'),
    );
    const account = expect('open account', opened, 201, 'number');
    const deposited = await client.request(bank, 'POST', `/accounts/${account}/deposits`, {
      amount: deposit.toString(),
    });
    expect('deposit', deposited, 201, 'number');
    const key = await client.request(bank, 'POST', `/accounts/${account}/pix-keys`, { kind: 'evp' });
    done++;
    return { bank, account, key: expect('register EVP key', key, 201, 'key') };
  };
  let done = 0;
  const progress = phaseProgress(log, {
    label: 'customers',
    total: banks.length * perBank,
    unit: 'opened',
    read: () => ({ value: done }),
  });
  const perBankCustomers = await Promise.all(
    banks.map(async (bank) => {
      const list: Customer[] = [];
      for (let i = 0; i < perBank; i += 10) {
        const batch = Array.from({ length: Math.min(10, perBank - i) }, (_, j) => open(bank, i + j));
        list.push(...(await Promise.all(batch)));
      }
      return list;
    }),
  ).finally(() => progress.stop());
  return perBankCustomers.flat();
}

export interface SendOutcome {
  endToEndId?: string;
  /** Set when the bank did not accept the transfer (a status other than 202 or 429, or no answer). */
  error?: string;
  /** The bank shed it (429 BANK.BUSY): not an error; it asks to be left alone this long. */
  shedRetryAfterMs?: number;
}

/** One Pix from a random customer to a random customer of another bank, 1 to 999 cents. */
export function transferSender(client: JsonHttp, customers: Customer[], runId: string) {
  let seq = 0;
  const pick = () => customers[Math.floor(Math.random() * customers.length)];
  return async (): Promise<SendOutcome> => {
    const from = pick();
    let to = pick();
    while (to.bank === from.bank) to = pick();
    const body = {
      fromAccount: from.account,
      key: to.key,
      amount: String(1 + Math.floor(Math.random() * 999)),
    };
    try {
      const r = await client.request(from.bank, 'POST', '/transfers', body, {
        'idempotency-key': `${runId}-${seq++}`,
      });
      if (r.status === 202 && r.body?.endToEndId) return { endToEndId: r.body.endToEndId };
      if (r.status === 429) return { shedRetryAfterMs: (r.retryAfterSeconds ?? 1) * 1000 };
      return { error: `HTTP ${r.status} ${r.body?.error?.code ?? ''}`.trim() };
    } catch (error) {
      return { error: (error as NodeJS.ErrnoException).code ?? String(error) };
    }
  };
}

export const countErrors = (errors: Map<string, number>, error: string) =>
  errors.set(error, (errors.get(error) ?? 0) + 1);
