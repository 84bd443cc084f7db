/**
 * How the pages talk to their server: JSON over fetch with the session cookie, a time limit on every
 * call (no page waits forever on a slow answer) and errors in words a person understands.
 */

/** No call waits longer than this; the page then says the server is slow. */
const CALL_TIMEOUT_MS = 10_000;

/** A refused or failed call, with a message to show as it is. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    /** The request field the server named as the problem, when it named one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The API's refusal, `{error: {code, message, field}}`, or a bare `{code, message}`. */
function refusalOf(body: unknown): { code?: unknown; message?: unknown; field?: unknown } {
  const outer = (body ?? {}) as { error?: unknown };
  const inner = typeof outer.error === 'object' && outer.error !== null ? outer.error : outer;
  return inner as { code?: unknown; message?: unknown; field?: unknown };
}

/** What the server says went wrong, in its `message`, else in words of the status. */
function wordsFor(status: number, body: unknown): string {
  const said = refusalOf(body).message;
  if (typeof said === 'string' && said) return said;
  if (status === 401) return 'Your session has ended. Please log in again.';
  if (status === 403) return 'You are not allowed to do that.';
  if (status === 404) return 'We could not find that.';
  if (status === 429 || status === 503) return 'The service is busy. Please try again in a moment.';
  return 'Something went wrong on our side. Please try again.';
}

export async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
  } catch (error) {
    const slow = error instanceof DOMException && error.name === 'TimeoutError';
    throw new ApiError(
      0,
      slow ? 'The server is taking too long to answer. Please try again.' : 'We could not reach the server.',
    );
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const { code, field } = refusalOf(parsed);
    throw new ApiError(
      response.status,
      wordsFor(response.status, parsed),
      typeof code === 'string' ? code : undefined,
      typeof field === 'string' ? field : undefined,
    );
  }
  return parsed as T;
}

/** Cents as Brazilian reais: 123456 → "R$ 1.234,56". */
export function formatReais(cents: string | number | bigint): string {
  const value = BigInt(cents);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const reais = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}R$ ${reais},${(abs % 100n).toString().padStart(2, '0')}`;
}

/** "12,34" or "12.34" or "12" as cents, or undefined when it is not an amount. */
export function parseReais(text: string): string | undefined {
  const match = /^\s*(\d{1,12})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!match) return undefined;
  return (BigInt(match[1] ?? '0') * 100n + BigInt((match[2] ?? '').padEnd(2, '0'))).toString();
}

/** The element with this id, which the page's HTML must have. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}
