import { Client } from 'pg';

/**
 * I6, key claims: a claim's history starts at its opening and ends at its status; and a completed
 * claim moved its key: the claimer's account got a row of it, and the donor's row of the claim's time is
 * no longer active. Checked against the hub's database; returns the violations as sentences.
 */
export async function checkClaimInvariants(hub: Client): Promise<string[]> {
  const problems: string[] = [];
  const histories = await hub.query<{ id: string; status: string; first: string | null; last: string }>(
    `SELECT cl.id, cl.status,
            (SELECT to_status FROM claim_changes h WHERE h.claim_id = cl.id AND h.from_status IS NULL
              ORDER BY h.id LIMIT 1) AS first,
            (SELECT to_status FROM claim_changes h WHERE h.claim_id = cl.id ORDER BY h.id DESC LIMIT 1) AS last
       FROM claims cl`,
  );
  for (const c of histories.rows) {
    if (c.first !== 'open') problems.push(`I6: claim ${c.id}'s history does not start with its opening`);
    if (c.last !== c.status) problems.push(`I6: claim ${c.id} is ${c.status}, its history ends ${c.last}`);
  }
  const unmoved = await hub.query<{ id: string; key: string }>(
    `SELECT cl.id, cl.key FROM claims cl
      WHERE cl.status = 'completed' AND (
        NOT EXISTS (SELECT 1 FROM pix_keys k WHERE k.key = cl.key AND k.account_id = cl.claimer_account_id
                     AND k.created_at >= cl.created_at)
        OR EXISTS (SELECT 1 FROM pix_keys k WHERE k.key = cl.key AND k.account_id = cl.donor_account_id
                     AND k.status = 'active' AND k.created_at <= cl.created_at))`,
  );
  for (const c of unmoved.rows) problems.push(`I6: claim ${c.id} completed, but key ${c.key} did not move`);
  return problems;
}

/**
 * I6, the banks follow: every claim a bank is party to is in its records with the hub's status. A bank
 * hears of each step on its topic, so until it has, the claim is still in flight.
 */
async function claimRecordsDisagree(hub: Client, ispb: string, bank: Client): Promise<string[]> {
  const atHub = await hub.query<{ id: string; status: string }>(
    `SELECT cl.id, cl.status FROM claims cl
       JOIN accounts ca ON ca.id = cl.claimer_account_id JOIN accounts da ON da.id = cl.donor_account_id
      WHERE ca.ispb = $1 OR da.ispb = $1`,
    [ispb],
  );
  const atBank = await bank.query<{ id: string; status: string }>('SELECT id, status FROM claims');
  const held = new Map(atBank.rows.map((c) => [c.id, c.status]));
  return atHub.rows.flatMap((c) =>
    held.get(c.id) === c.status
      ? []
      : [`I6: bank ${ispb} has claim ${c.id} as ${held.get(c.id) ?? 'unknown'}, the hub as ${c.status}`],
  );
}

/** claimRecordsDisagree for every bank of the stack. */
export async function claimsDisagree(
  hubUrl: string,
  banks: readonly { ispb: string; databaseUrl: string }[],
): Promise<string[]> {
  const connect = async (url: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    return client;
  };
  const hub = await connect(hubUrl);
  try {
    const found: string[] = [];
    for (const bank of banks) {
      const db = await connect(bank.databaseUrl);
      try {
        found.push(...(await claimRecordsDisagree(hub, bank.ispb, db)));
      } finally {
        await db.end();
      }
    }
    return found;
  } finally {
    await hub.end();
  }
}
