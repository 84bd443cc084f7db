import type { Registry } from 'prom-client';
import type { BankQueries } from '../../application/bank-queries';
import type { CloseAccount } from '../../application/close-account';
import type { DepositMoney } from '../../application/deposit-money';
import type { ListPixKeys } from '../../application/list-pix-keys';
import type { OpenAccount } from '../../application/open-account';
import type { RegisterPixKey } from '../../application/register-pix-key';
import type { SendPix } from '../../application/send-pix';
import { AccountNotFoundError, TransferNotFoundError } from '../../domain';
import { databaseUnavailable } from './http-errors';
import type { HttpReply, HttpRequest, Route } from './server';
import { accountView, entryView, keyView, summaryView, transferView } from './views';

export interface BankUseCases {
  ispb: string;
  name: string;
  /** Resolves when the bank's database answers a cheap query in time (see databaseCheck). */
  checkDatabase: () => Promise<void>;
  openAccount: OpenAccount;
  depositMoney: DepositMoney;
  closeAccount: CloseAccount;
  registerPixKey: RegisterPixKey;
  listPixKeys: ListPixKeys;
  sendPix: SendPix;
  queries: BankQueries;
  /** The bank's metrics, served on GET /metrics. */
  metrics: Registry;
}

const SEGMENT = '([^/]+)';
const path = (pattern: string) => new RegExp(`^${pattern.replace(/:[a-z]+/gi, SEGMENT)}/?$`);
const ok = (body: unknown, status = 200): HttpReply => ({ status, body });
/** A query parameter, undefined when absent or empty (so `?status=` means no filter). */
const query = (req: HttpRequest, name: string) => req.query.get(name) || undefined;

/**
 * Path segments that cannot be an account number or an end-to-end id name nothing: 404, as for an
 * unknown one, and they never reach SQL (where a NUL byte, say, is an error of its own).
 */
function accountNumber(req: HttpRequest): string {
  const [number] = req.params;
  if (!/^\d{1,20}$/.test(number)) throw new AccountNotFoundError(number);
  return number;
}
function endToEndId(req: HttpRequest): string {
  const [id] = req.params;
  if (!/^[A-Za-z0-9]{32}$/.test(id)) throw new TransferNotFoundError(id);
  return id;
}

/** Thin adapters: decode, call one use case, shape the answer (docs/bank-api.md). */
export function bankRoutes(u: BankUseCases): Route[] {
  const route = (method: Route['method'], pattern: string, handle: Route['handle']): Route => ({
    method,
    pattern,
    path: path(pattern),
    handle,
  });
  return [
    route('GET', '/health', async () => {
      const identity = { ispb: u.ispb, name: u.name };
      const down = await u.checkDatabase().then(
        () => false,
        () => true,
      );
      if (!down) return ok({ ...identity, status: 'ok' });
      const { status, headers, body } = databaseUnavailable();
      return {
        status,
        headers,
        body: { ...identity, status: 'unavailable', code: body.error.code, ...body },
      };
    }),
    route('POST', '/accounts', async (req) => ok(accountView(await u.openAccount.execute(req.body)), 201)),
    route('GET', '/accounts', async () => ok({ accounts: (await u.queries.accounts()).map(accountView) })),
    route('GET', '/accounts/:number', async (req) =>
      ok(accountView(await u.queries.account(accountNumber(req)))),
    ),
    route('POST', '/accounts/:number/deposits', async (req) =>
      ok(accountView(await u.depositMoney.execute(accountNumber(req), req.body)), 201),
    ),
    route('POST', '/accounts/:number/close', async (req) =>
      ok(accountView(await u.closeAccount.execute(accountNumber(req)))),
    ),
    route('GET', '/accounts/:number/statement', async (req) =>
      ok({ entries: (await u.queries.statement(accountNumber(req))).map(entryView) }),
    ),
    route('POST', '/accounts/:number/pix-keys', async (req) =>
      ok(keyView(await u.registerPixKey.execute(accountNumber(req), req.body)), 201),
    ),
    route('GET', '/accounts/:number/pix-keys', async (req) =>
      ok({ keys: (await u.listPixKeys.execute(accountNumber(req))).map(keyView) }),
    ),
    route('POST', '/transfers', async (req) => {
      const { transfer, created } = await u.sendPix.execute(req.body, req.headers['idempotency-key']);
      return ok(transferView(transfer), created ? 202 : 200);
    }),
    route('GET', '/transfers/:endToEndId', async (req) =>
      ok(transferView(await u.queries.transfer(endToEndId(req), query(req, 'direction')))),
    ),
    route('GET', '/transfers', async (req) => {
      const filter = {
        account: query(req, 'account'),
        status: query(req, 'status'),
        limit: query(req, 'limit'),
      };
      return ok({ transfers: (await u.queries.transfers(filter)).map(transferView) });
    }),
    route('GET', '/ledger/summary', async () => ok(summaryView(await u.queries.summary()))),
    route('GET', '/metrics', async () => ({
      status: 200,
      headers: { 'content-type': u.metrics.contentType },
      text: await u.metrics.metrics(),
    })),
  ];
}
