import { Client } from 'pg';
import { numberedCustomer } from '../cmd/demo-data';
import { connectHub } from '../cmd/hub-client';
import { AccountType, KeyKind } from '../src/gen/codepix/v1/common';
import type { Stack } from '../stack/stack';

/** One EVP key per account, accounts 1..count at branch 0001, registered as the bank over gRPC. */
export async function registerKeys(stack: Stack, ispb: string, count: number): Promise<string[]> {
  const hub = connectHub({ address: stack.hubAddress, identity: stack.identities.bankDir(ispb) });
  try {
    const keys: string[] = [];
    for (let from = 1; from <= count; from += 10) {
      const batch = Array.from({ length: Math.min(10, count - from + 1) }, (_, j) => from + j);
      const made = await Promise.all(
        batch.map((n) =>
          hub.registerPixKey({
            ispb,
            kind: KeyKind.KEY_KIND_EVP,
            key: '',
            account: {
              branch: '0001',
              number: String(n),
              type: AccountType.ACCOUNT_TYPE_CACC,
              ...numberedCustomer(ispb, n, 'Bench Creditor'),
            },
          }),
        ),
      );
      keys.push(...made.map((k) => k.key));
    }
    return keys;
  } finally {
    hub.close();
  }
}

/** Transfers the hub has completed, over the whole run. */
export async function completedRows(databaseUrl: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM transactions WHERE status = 'completed'`);
    return rows[0].n;
  } finally {
    await db.end();
  }
}
