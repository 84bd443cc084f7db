import { Client } from 'pg';
import { checkClaimInvariants, claimsDisagree } from './claim-invariants';

/**
 * The invariants I1-I6 (README, Guarantees), checked against the hub's database and every bank's, once the
 * stack has drained. Each returns the violations it finds, as sentences: an empty list means it holds.
 */

interface BankDb {
  ispb: string;
  databaseUrl: string;
}

async function withClient<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

interface HubTransfer {
  id: string;
  status: string;
  debtor_ispb: string;
  creditor_ispb: string | null;
}
interface BankTransfer {
  end_to_end_id: string;
  direction: 'outgoing' | 'incoming';
  status: string;
}

export async function checkInvariants(hubUrl: string, banks: BankDb[]): Promise<string[]> {
  const problems: string[] = [];
  const hub = await withClient(hubUrl, async (c) => ({
    transfers: (await c.query<HubTransfer>('SELECT id, status, debtor_ispb, creditor_ispb FROM transactions'))
      .rows,
    settlement: (await c.query('SELECT ispb, balance::text, reserved::text FROM settlement_accounts')).rows,
    doubled: (
      await c.query(
        'SELECT end_to_end_id, ispb, kind FROM ledger_entries WHERE end_to_end_id IS NOT NULL GROUP BY 1, 2, 3 HAVING count(*) > 1',
      )
    ).rows,
    claims: await checkClaimInvariants(c),
  }));
  problems.push(...hub.claims);
  const hubById = new Map(hub.transfers.map((t) => [t.id, t]));

  // I1: every transfer at the hub is terminal.
  for (const t of hub.transfers) {
    if (t.status !== 'completed' && t.status !== 'rejected')
      problems.push(`I1: hub transfer ${t.id} is ${t.status}`);
  }
  for (const bank of banks) {
    const b = await withClient(bank.databaseUrl, async (c) => ({
      transfers: (await c.query<BankTransfer>('SELECT end_to_end_id, direction, status FROM transfers')).rows,
      totals: (
        await c.query(
          `SELECT coalesce(sum(held), 0)::text AS held,
           (SELECT count(*) FROM accounts WHERE balance < 0 OR held < 0 OR held > balance)::int AS negative
         FROM accounts`,
        )
      ).rows[0],
      doubled: (
        await c.query(
          'SELECT end_to_end_id, kind FROM statement_entries WHERE end_to_end_id IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1',
        )
      ).rows,
      moves: (
        await c.query(`SELECT end_to_end_id, kind FROM statement_entries WHERE kind IN ('debit', 'credit')`)
      ).rows as { end_to_end_id: string; kind: string }[],
    }));
    // I1: both banks agree with the hub, and the bank sent nothing the hub does not know.
    for (const t of b.transfers) {
      const h = hubById.get(t.end_to_end_id);
      if (!h) problems.push(`I1: ${bank.ispb} has ${t.direction} ${t.end_to_end_id} the hub never stored`);
      else if (t.status !== h.status) {
        problems.push(
          `I1: ${bank.ispb} says ${t.direction} ${t.end_to_end_id} is ${t.status}, hub says ${h.status}`,
        );
      }
    }
    const seen = new Set(b.transfers.map((t) => `${t.end_to_end_id}/${t.direction}`));
    for (const h of hub.transfers.filter((t) => t.status === 'completed')) {
      if (h.debtor_ispb === bank.ispb && !seen.has(`${h.id}/outgoing`)) {
        problems.push(`I1: hub completed ${h.id} but debtor ${bank.ispb} has no record`);
      }
      if (h.creditor_ispb === bank.ispb && !seen.has(`${h.id}/incoming`)) {
        problems.push(`I1: hub completed ${h.id} but creditor ${bank.ispb} has no record`);
      }
    }
    // I3: nothing debited or credited twice, and money moved exactly for completed transfers.
    for (const d of b.doubled) problems.push(`I3: ${bank.ispb} has ${d.kind} ${d.end_to_end_id} twice`);
    for (const m of b.moves) {
      const h = hubById.get(m.end_to_end_id);
      if (h?.status !== 'completed')
        problems.push(`I3: ${bank.ispb} ${m.kind} ${m.end_to_end_id}, hub says ${h?.status}`);
    }
    // I4: nothing below zero; and once drained nothing is held or reserved.
    if (b.totals.negative > 0) problems.push(`I4: ${bank.ispb} has ${b.totals.negative} accounts below zero`);
    if (BigInt(b.totals.held) !== 0n)
      problems.push(`I4: ${bank.ispb} still holds ${b.totals.held} after draining`);
  }
  for (const d of hub.doubled)
    problems.push(`I3: hub ledger has ${d.kind} ${d.end_to_end_id} for ${d.ispb} twice`);
  problems.push(...(await moneyDiscrepancies(hubUrl, banks)).map((d) => d.problem));
  for (const s of hub.settlement) {
    if (BigInt(s.balance) < 0n) problems.push(`I4: settlement account ${s.ispb} is at ${s.balance}`);
    if (BigInt(s.reserved) !== 0n)
      problems.push(`I4: settlement account ${s.ispb} still reserves ${s.reserved}`);
  }
  problems.push(...(await claimsDisagree(hubUrl, banks)));
  return problems;
}

/** Where I2 does not hold: the sentence, and by how many cents the two sides differ. */
export interface MoneyDiscrepancy {
  problem: string;
  cents: bigint;
}

const abs = (n: bigint) => (n < 0n ? -n : n);

/**
 * I2 on its own, with how far off each side is: the chaos report adds the cents up, so a run says how
 * much money went missing rather than only that some did. Refunds move money like any transfer, so they
 * need no term of their own; the hub's tariffs and the fees a bank charged its business customers (the
 * bank's own money from then on) do.
 */
export async function moneyDiscrepancies(hubUrl: string, banks: BankDb[]): Promise<MoneyDiscrepancy[]> {
  const hub = await withClient(hubUrl, async (c) => ({
    settlement: (
      await c.query<{ ispb: string; balance: string }>('SELECT ispb, balance::text FROM settlement_accounts')
    ).rows,
    funded: (
      await c.query<{ ispb: string; total: string; tariffs: string }>(
        `SELECT ispb, coalesce(sum(amount) FILTER (WHERE kind = 'fund'), 0)::text AS total,
           coalesce(sum(amount) FILTER (WHERE kind = 'tariff'), 0)::text AS tariffs
         FROM ledger_entries WHERE kind IN ('fund', 'tariff') GROUP BY ispb`,
      )
    ).rows,
  }));
  const found: MoneyDiscrepancy[] = [];
  for (const bank of banks) {
    const totals = await withClient(
      bank.databaseUrl,
      async (c) =>
        (
          await c.query(
            `SELECT coalesce(sum(balance), 0)::text AS balance,
             (SELECT coalesce(sum(amount), 0) FROM statement_entries WHERE kind = 'deposit')::text AS deposits,
             (SELECT coalesce(sum(amount), 0) FROM statement_entries WHERE kind = 'fee')::text AS fees
           FROM accounts`,
          )
        ).rows[0],
    );
    // Customer money minus settlement money changes only by deposits, funding, tariffs and fees.
    const settled = hub.settlement.find((s) => s.ispb === bank.ispb);
    const ledger = hub.funded.find((f) => f.ispb === bank.ispb);
    const [funded, tariffs] = [BigInt(ledger?.total ?? '0'), BigInt(ledger?.tariffs ?? '0')];
    const left = BigInt(totals.balance) - BigInt(settled?.balance ?? '0');
    const right = BigInt(totals.deposits) - funded + tariffs - BigInt(totals.fees);
    if (left !== right) {
      const says = `deposits - funding + tariffs - fees = ${right}`;
      found.push({
        problem: `I2: ${bank.ispb} customers - settlement = ${left}, ${says}`,
        cents: abs(left - right),
      });
    }
  }
  const totalBalance = hub.settlement.reduce((sum, s) => sum + BigInt(s.balance), 0n);
  const totalFunded = hub.funded.reduce((sum, f) => sum + BigInt(f.total), 0n);
  const totalTariffs = hub.funded.reduce((sum, f) => sum + BigInt(f.tariffs), 0n);
  if (totalBalance !== totalFunded - totalTariffs) {
    const says = `funding ${totalFunded} - tariffs ${totalTariffs}`;
    found.push({
      problem: `I2: settlement balances sum to ${totalBalance}, ${says}`,
      cents: abs(totalBalance - (totalFunded - totalTariffs)),
    });
  }
  return found;
}

/**
 * True once nothing is in flight: no transfer pending or confirmed at the hub, no hold at any bank, and
 * every bank has heard of the last step of each claim it is party to.
 */
export async function drained(hubUrl: string, banks: BankDb[]): Promise<boolean> {
  const open = await withClient(hubUrl, async (c) =>
    Number(
      (await c.query(`SELECT count(*) FROM transactions WHERE status IN ('pending', 'confirmed')`)).rows[0]
        .count,
    ),
  );
  if (open > 0) return false;
  for (const bank of banks) {
    const pending = await withClient(bank.databaseUrl, async (c) =>
      Number(
        (await c.query(`SELECT count(*) FROM transfers WHERE status IN ('pending', 'confirmed')`)).rows[0]
          .count,
      ),
    );
    if (pending > 0) return false;
  }
  return (await claimsDisagree(hubUrl, banks)).length === 0;
}
