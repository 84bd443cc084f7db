import type { Client } from 'pg';

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
