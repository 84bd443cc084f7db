import { Option } from 'commander';
import { OPERATOR_TOKEN_ENV } from '../lib/security/operator-token';
import type {
  Account,
  BankPixKey,
  BankTransfer,
  BrCodeFields,
  BrCodeRequest,
  Charge,
  StatementEntry,
  TransferOrder,
} from './bank-types';
import { CliError } from './errors';

/** A bank simulator's HTTP JSON API, as the CLI uses it (the answers' shapes are in bank-types.ts). */

export const DEFAULT_BANK_URL = 'http://localhost:8081';

/** Every request gives up after this long, so a bank that hangs never hangs the CLI. */
export const REQUEST_TIMEOUT_MS = 10_000;

/** `--bank-url`, for commands that talk to one bank. */
export const bankUrlOption = (description = "the bank's HTTP address") =>
  new Option('--bank-url <url>', description).env('CODEPIX_BANK_URL').default(DEFAULT_BANK_URL);

/** `--operator-token`: the bank's operator credential; unset, the one in <CODEPIX_HOME>/operator-token. */
export const operatorTokenOption = () =>
  new Option(
    '--operator-token <token>',
    "the banks' operator token (default: the one in CODEPIX_HOME/operator-token, made by dev up or bank serve)",
  ).env(OPERATOR_TOKEN_ENV);

/** How to give the operator token, for the answer to a bank's 401. */
const HOW_TO_AUTHENTICATE =
  `give the operator token with --operator-token or ${OPERATOR_TOKEN_ENV}, or run where CODEPIX_HOME ` +
  'holds the operator-token file the bank was started with';

/** The bank answered with an error, or could not be reached. `code` is the bank's stable code. */
export class BankError extends CliError {
  constructor(
    message: string,
    readonly code: string,
    /** The HTTP status; 0 when no answer came. */
    readonly httpStatus: number,
    /** The bank's own words, without the code. */
    readonly detail = message,
    /** The request field the bank refused, for bad input. */
    readonly field?: string,
    /** From Retry-After (429 BANK.BUSY, 503): when the same request may be sent again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message, 1);
  }
}

export interface BankClient {
  readonly url: string;
  health(): Promise<{ ispb: string; name: string; status: string }>;
  openAccount(request: {
    ownerName: string;
    ownerTaxId: string;
    type?: string;
    branch?: string;
    /** Sets (or replaces) the owner's password too. */
    password?: string;
  }): Promise<Account>;
  /** Sets (or replaces) the password a customer logs in with. */
  setPassword(taxId: string, password: string): Promise<void>;
  listAccounts(): Promise<Account[]>;
  getAccount(number: string): Promise<Account>;
  deposit(number: string, amount: bigint): Promise<Account>;
  closeAccount(number: string): Promise<Account>;
  statement(number: string): Promise<StatementEntry[]>;
  addKey(number: string, request: { kind: string; key?: string }): Promise<BankPixKey>;
  listKeys(number: string): Promise<BankPixKey[]>;
  sendTransfer(request: TransferOrder, idempotencyKey: string): Promise<BankTransfer>;
  /** Refunds all or part of a Pix this bank received (a D-id transfer back to its debtor). */
  refundTransfer(
    endToEndId: string,
    request: { amount: bigint; reason: string; description?: string },
    idempotencyKey: string,
  ): Promise<BankTransfer>;
  generateBrCode(
    number: string,
    request: BrCodeRequest,
  ): Promise<{ payload: string; brCode: BrCodeFields; charge?: Charge }>;
  parseBrCode(payload: string): Promise<BrCodeFields>;
  getCharge(txid: string): Promise<Charge>;
  getTransfer(endToEndId: string): Promise<BankTransfer>;
  listTransfers(filter: { account?: string; status?: string }): Promise<BankTransfer[]>;
}

const segment = encodeURIComponent;

/** A client of the bank at `baseUrl`, calling as its operator when given the token. */
export function connectBank(baseUrl: string, operatorToken?: string): BankClient {
  const url = baseUrl.replace(/\/+$/, '');
  const credential: Record<string, string> = operatorToken
    ? { authorization: `Bearer ${operatorToken}` }
    : {};
  const request = async <T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...credential,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw timedOut
        ? new BankError(`TIMEOUT: no answer from bank at ${url} in time`, 'TIMEOUT', 0)
        : new BankError(`cannot reach bank at ${url}`, 'UNAVAILABLE', 0);
    }
    const text = await response.text();
    if (response.status === 204) return undefined as T;
    if (response.status === 401) throw unauthenticated(url, text, Boolean(operatorToken));
    if (!response.ok) throw bankError(response.status, text, response.headers.get('retry-after'));
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new BankError(`bank at ${url} sent a reply that is not JSON`, 'BAD_REPLY', response.status);
    }
  };
  const get = <T>(path: string) => request<T>('GET', path);
  const post = <T>(path: string, body: unknown = {}, headers?: Record<string, string>) =>
    request<T>('POST', path, body, headers);
  const account = (number: string) => `/accounts/${segment(number)}`;

  return {
    url,
    health: () => get('/health'),
    openAccount: (body) => post('/accounts', body),
    setPassword: (taxId, password) => request('PUT', `/customers/${segment(taxId)}/password`, { password }),
    listAccounts: async () => (await get<{ accounts: Account[] }>('/accounts')).accounts,
    getAccount: (number) => get(account(number)),
    deposit: (number, amount) => post(`${account(number)}/deposits`, { amount: amount.toString() }),
    closeAccount: (number) => post(`${account(number)}/close`),
    statement: async (number) =>
      (await get<{ entries: StatementEntry[] }>(`${account(number)}/statement`)).entries,
    addKey: (number, body) => post(`${account(number)}/pix-keys`, body),
    listKeys: async (number) => (await get<{ keys: BankPixKey[] }>(`${account(number)}/pix-keys`)).keys,
    sendTransfer: (body, idempotencyKey) =>
      post('/transfers', { ...body, amount: body.amount?.toString() }, { 'Idempotency-Key': idempotencyKey }),
    refundTransfer: (endToEndId, body, idempotencyKey) =>
      post(
        `/transfers/${segment(endToEndId)}/refunds`,
        { ...body, amount: body.amount.toString() },
        { 'Idempotency-Key': idempotencyKey },
      ),
    generateBrCode: (number, body) =>
      post(`${account(number)}/br-codes`, { ...body, amount: body.amount?.toString() }),
    parseBrCode: (payload) => post('/br-codes/parse', { payload }),
    getCharge: (txid) => get(`/charges/${segment(txid)}`),
    getTransfer: (endToEndId) => get(`/transfers/${segment(endToEndId)}`),
    listTransfers: async (filter) => {
      const query = new URLSearchParams(
        Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])),
      ).toString();
      return (await get<{ transfers: BankTransfer[] }>(`/transfers${query ? `?${query}` : ''}`)).transfers;
    },
  };
}

/**
 * `{"error":{"code","message","field"}}` → one line `CODE: message (field)`, the field left out when the
 * message already starts with it; anything else → `HTTP nnn`.
 */
export function bankError(httpStatus: number, body: string, retryAfter?: string | null): BankError {
  let error: { code?: unknown; message?: unknown; field?: unknown } | undefined;
  try {
    error = JSON.parse(body)?.error;
  } catch {
    // not the bank's error shape: described by the status below
  }
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${httpStatus}`;
  const message =
    typeof error?.message === 'string' ? error.message : body.trim().slice(0, 200) || `HTTP ${httpStatus}`;
  const field = typeof error?.field === 'string' ? error.field : undefined;
  const named = field === undefined || message.startsWith(`${field}: `);
  const line = `${code}: ${message}${named ? '' : ` (${field})`}`;
  return new BankError(line, code, httpStatus, message, field, retryAfterSeconds(retryAfter));
}

/** The bank wants the operator's credential: a token was not given, or it is not the bank's. */
function unauthenticated(url: string, body: string, tokenGiven: boolean): BankError {
  const refused = bankError(401, body);
  const problem = tokenGiven ? 'refused the operator token given' : 'needs the operator token';
  return new BankError(
    `${refused.code}: the bank at ${url} ${problem}; ${HOW_TO_AUTHENTICATE}`,
    refused.code,
    401,
    refused.detail,
  );
}

/** Retry-After (RFC 9110): whole seconds, or an HTTP date; undefined when absent or neither. */
export function retryAfterSeconds(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
