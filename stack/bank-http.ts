/** A bank's HTTP API, as a stack's users drive it: JSON in and out, the status kept. */

/** Where a bank's HTTP API is, and the operator token it takes; without one a call carries no credential. */
export interface BankDoor {
  url: string;
  operatorToken?: string;
}

/** The operator's Authorization header, when the door has a token. */
export const operatorHeaders = (bank: BankDoor): Record<string, string> =>
  bank.operatorToken ? { authorization: `Bearer ${bank.operatorToken}` } : {};
// biome-ignore lint/suspicious/noExplicitAny: answers are JSON; callers read the fields they need
export interface Answer<T = any> {
  status: number;
  body: T;
  /** Retry-After in seconds, when the bank sent one (429 BANK.BUSY, 503). */
  retryAfterSeconds?: number;
}

/** `headers` go over the operator's: an `authorization` of a customer's session replaces the token. */
export async function bankRequest(
  bank: BankDoor,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
): Promise<Answer> {
  const response = await fetch(`${bank.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...operatorHeaders(bank), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (a proxy or a crash page): kept as text for the error message
  }
  const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
  return {
    status: response.status,
    body: parsed,
    ...(Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {}),
  };
}

/** Like bankRequest, but anything other than `expected` is an error. */
export async function expectStatus(
  expected: number,
  bank: BankDoor,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer['body']> {
  const answer = await bankRequest(bank, method, path, body);
  if (answer.status !== expected) {
    throw new Error(`${method} ${bank.url}${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/** Opens an account as a customer would, with `deposit` cents in it when more than none; its number. */
export async function openAccount(
  bank: BankDoor,
  owner: { ownerName: string; ownerTaxId: string; password?: string },
  deposit: bigint,
): Promise<string> {
  const { number } = await expectStatus(201, bank, 'POST', '/accounts', owner);
  if (typeof number !== 'string') throw new Error(`POST ${bank.url}/accounts answered no account number`);
  if (deposit > 0n) {
    await expectStatus(201, bank, 'POST', `/accounts/${number}/deposits`, { amount: deposit.toString() });
  }
  return number;
}

/** Registers a Pix key for an account (`kind: 'evp'` lets the hub choose it); the key. */
export async function registerKey(
  bank: BankDoor,
  account: string,
  key: { kind: string; key?: string },
): Promise<string> {
  const registered = await expectStatus(201, bank, 'POST', `/accounts/${account}/pix-keys`, key);
  if (typeof registered.key !== 'string') throw new Error(`no key registered for account ${account}`);
  return registered.key;
}
