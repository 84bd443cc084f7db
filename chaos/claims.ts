import { Client } from 'pg';
import type { ClaimKind, ClaimStatus } from '../src/domain';
import { sleep } from '../src/infrastructure/local/processes';
import { type Answer, type BankDoor, bankRequest, openAccount, registerKey } from '../stack/bank-http';
import type { Customer } from './seed';

/**
 * How a claim is meant to end: `completed` (the donor releases the key, the claimer takes it),
 * `refused` (the donor's customer keeps it) or `withdrawn` (the claimer gives up). The hub must end it
 * exactly so, whatever went down while it was driven there.
 */
export type ClaimEnding = 'completed' | 'refused' | 'withdrawn';

const ENDINGS: readonly [ClaimKind, ClaimEnding][] = [
  ['portability', 'completed'],
  ['ownership', 'refused'],
  ['portability', 'withdrawn'],
  ['ownership', 'completed'],
];

interface Side {
  bank: BankDoor;
  ispb: string;
  account: string;
}

/** One claim of the load, planned before the faults, and what became of it. */
export interface ClaimRecord {
  index: number;
  kind: ClaimKind;
  ending: ClaimEnding;
  key: string;
  donor: Side;
  claimer: Side;
  id?: string;
  /** Why it could not be driven to its ending (the audit reports it). */
  error?: string;
  /** Driven as far as it goes: to its ending, or to the error. */
  ended?: boolean;
}

/**
 * Before any fault: `count` email keys at customers of one bank, each to be claimed from another bank,
 * by the same owner (a new account of theirs there: portability) or by a customer there (ownership).
 */
export async function seedClaims(
  customers: readonly Customer[],
  opts: { count: number; runId: string },
): Promise<ClaimRecord[]> {
  const records: ClaimRecord[] = [];
  for (let index = 0; index < opts.count; index++) {
    const [kind, ending] = ENDINGS[index % ENDINGS.length] as [ClaimKind, ClaimEnding];
    // A customer each, so no account nears its key limit however the claims end.
    const holder = customers[index % customers.length] as Customer;
    const others = customers.filter((c) => c.ispb !== holder.ispb);
    const other = others[index % others.length] as Customer;
    const key = `claim-${index}-${opts.runId}@example.com`.toLowerCase();
    await registerKey(holder.bank, holder.account, { kind: 'email', key });
    const owner = (await bankRequest(holder.bank, 'GET', `/accounts/${holder.account}`)).body;
    const account =
      kind === 'portability'
        ? await openAccount(other.bank, { ownerName: owner.ownerName, ownerTaxId: owner.ownerTaxId }, 0n)
        : other.account;
    const side = (c: Customer, number: string) => ({ bank: c.bank, ispb: c.ispb, account: number });
    records.push({
      index,
      kind,
      ending,
      key,
      donor: side(holder, holder.account),
      claimer: side(other, account),
    });
  }
  return records;
}

/**
 * A bank's answer, asked again while the bank is down, frozen or restarting (no answer, or a 5xx); past
 * `until` (a time) the claim is given up, so a bank that never comes back cannot hang the run.
 */
async function definite(
  bank: BankDoor,
  method: string,
  path: string,
  until: number,
  body?: unknown,
): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    if (Date.now() > until) throw new Error(`${method} ${path}: no answer before the load gave up`);
    try {
      const answer = await bankRequest(bank, method, path, body, {}, 5_000);
      if (answer.status < 500) return answer;
    } catch {
      // down or frozen: asked again
    }
    await sleep(Math.min(2_000, 100 * 2 ** Math.min(attempt, 5)));
  }
}

/** The claim as the side's bank holds it, once `accept` likes it; undefined past `until`. */
async function heard(side: Side, id: string, accept: (status: ClaimStatus) => boolean, until: number) {
  for (; Date.now() <= until; await sleep(300)) {
    const { status, body } = await definite(side.bank, 'GET', `/accounts/${side.account}/claims`, until);
    const claim = status === 200 && body.claims.find((c: { id: string }) => c.id === id);
    if (claim && accept(claim.status)) return claim;
  }
  return undefined;
}

/**
 * One step at a side's bank. A step whose answer was lost is sent again; the hub then refuses it (the
 * claim has moved on), so a refusal is read against the claim's state at the hub: if it is already
 * `then`, the step was taken.
 */
async function step(side: Side, id: string, path: string, body: unknown, then: ClaimStatus, until: number) {
  const answer = await definite(side.bank, 'POST', `/claims/${id}/${path}`, until, body);
  if (answer.status === 200) return;
  const now = await definite(side.bank, 'GET', `/claims/${id}`, until);
  if (now.body?.status !== then) {
    throw new Error(
      `${path}: ${answer.status} ${answer.body?.error?.code}, the claim is ${now.body?.status}`,
    );
  }
}

/** The claim's id once the claimer's bank opened it; a lost answer is found again by its key. */
async function open(c: ClaimRecord, until: number): Promise<string> {
  const path = `/accounts/${c.claimer.account}/claims`;
  const answer = await definite(c.claimer.bank, 'POST', path, until, { kind: c.kind, key: c.key });
  if (answer.status === 201) return answer.body.id;
  if (answer.body?.error?.code !== 'CLAIM.ALREADY_OPEN') {
    throw new Error(`open: ${answer.status} ${answer.body?.error?.code}`);
  }
  const listed = await definite(c.claimer.bank, 'GET', path, until);
  const mine = listed.body.claims?.find((x: { key: string; role: string }) => x.key === c.key);
  if (!mine) throw new Error('open: CLAIM.ALREADY_OPEN, yet none of ours');
  return mine.id;
}

/** Drives one claim to its ending through the banks' HTTP APIs, across whatever faults come. */
export async function driveClaim(c: ClaimRecord, giveUpAfterMs: number): Promise<void> {
  const until = Date.now() + giveUpAfterMs;
  try {
    const id = await open(c, until);
    c.id = id;
    // The donor's bank acknowledges by itself on hearing of it; its customer answers once it has.
    if (!(await heard(c.donor, id, (s) => s === 'waiting_resolution', until))) {
      throw new Error('the donor bank never showed it waiting for its customer');
    }
    if (c.ending === 'completed') {
      await step(c.donor, id, 'confirm', { reason: 'USER_REQUESTED' }, 'confirmed', until);
      await step(c.claimer, id, 'complete', {}, 'completed', until);
    } else if (c.ending === 'refused') {
      await step(c.donor, id, 'cancel', { reason: 'FRAUD' }, 'cancelled', until);
    } else {
      await step(c.claimer, id, 'cancel', { reason: 'USER_REQUESTED' }, 'cancelled', until);
    }
  } catch (error) {
    c.error = (error as Error).message;
  } finally {
    c.ended = true;
  }
}

/** What the audit found of the claims: how they ended at the hub, and what went wrong. */
export interface ClaimAudit {
  outcomes: Record<string, number>;
  violations: string[];
}

const EXPECTED: Record<ClaimEnding, ClaimStatus> = {
  completed: 'completed',
  refused: 'cancelled',
  withdrawn: 'cancelled',
};

/**
 * Once drained: every claim ended at the hub as it was driven to (lost: the hub has none, or another
 * status), and none was opened twice (doubled: two claims on one key). The banks' records and the keys'
 * moves are the stack's invariant I6.
 */
export async function auditClaims(hubUrl: string, claims: readonly ClaimRecord[]): Promise<ClaimAudit> {
  const hub = new Client({ connectionString: hubUrl });
  await hub.connect();
  try {
    const rows = (
      await hub.query<{ id: string; key: string; status: string }>(
        'SELECT id, key, status FROM claims WHERE key = ANY($1)',
        [claims.map((c) => c.key)],
      )
    ).rows;
    const outcomes: Record<string, number> = {};
    const violations: string[] = [];
    for (const c of claims) {
      const found = rows.filter((r) => r.key === c.key);
      if (c.error) violations.push(`CLAIMS: claim ${c.index} (${c.kind}, ${c.ending}): ${c.error}`);
      if (found.length > 1) violations.push(`CLAIMS: doubled: ${found.length} claims on key ${c.key}`);
      const status = found.find((r) => r.id === c.id)?.status ?? 'lost';
      outcomes[status] = (outcomes[status] ?? 0) + 1;
      if (status !== EXPECTED[c.ending]) {
        violations.push(`CLAIMS: lost: claim ${c.index} meant to be ${c.ending}, at the hub ${status}`);
      }
    }
    return { outcomes, violations };
  } finally {
    await hub.end();
  }
}
