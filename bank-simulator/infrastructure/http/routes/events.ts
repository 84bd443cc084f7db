import type { FastifyInstance } from 'fastify';
import type { Principal } from '../../../domain';
import type { BankChange } from '../../change-feed';
import { principalOf } from '../auth';
import type { BankUseCases } from '../bank-use-cases';
import { emptyQueryIsAbsent } from '../json-body';
import { ACCOUNT_NUMBER, errors } from '../schemas';
import { accountClaimView, transferView } from '../views';

/** A comment line this often keeps proxies and the browser from taking a quiet stream for a dead one. */
export const HEARTBEAT_MS = 15_000;
/** How long the browser waits before it reconnects a dropped stream (the `retry` field). */
const RETRY_MS = 2_000;

/** One server-sent event: its name and its JSON on one data line (JSON has no raw newlines). */
const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * What a caller hears of each change: what the account rule lets them reach (a customer their own
 * accounts, the operator all), of `only` alone when given. Each account is asked of the rule once (an
 * account's owner never changes). A claim makes an event for each side of it held here.
 */
export function eventsFor(u: BankUseCases, principal: Principal, only: string | undefined) {
  const owned = new Map<string, Promise<boolean>>();
  const may = (account: string | undefined): Promise<boolean> => {
    if (account === undefined || (only !== undefined && account !== only)) return Promise.resolve(false);
    let answer = owned.get(account);
    if (!answer) {
      answer = u.customerAccess.account(principal, account).then(
        () => true,
        () => false,
      );
      owned.set(account, answer);
    }
    return answer;
  };
  const frames = async (change: BankChange): Promise<string[]> => {
    if (change.kind === 'transfer') {
      const view = transferView(change.transfer);
      return (await may(view.account)) ? [frame('transfer', view)] : [];
    }
    const { claimerAccount, donorAccount } = change.claim.props;
    const out: string[] = [];
    for (const account of new Set([claimerAccount, donorAccount]))
      if (account !== undefined && (await may(account)))
        out.push(frame('claim', accountClaimView(change.claim, account)));
    return out;
  };
  return { may, frames };
}

/**
 * GET /events: the caller's transfers and claims as the bank commits them, as server-sent events. A
 * customer hears of their own accounts only; the operator of all, or of `account`. Changes committed
 * while no stream was open are not replayed: a page reads its lists again each time it (re)connects.
 */
export function eventRoutes(app: FastifyInstance, u: BankUseCases, heartbeatMs = HEARTBEAT_MS): void {
  const open = new Set<() => void>();
  // Streams never end by themselves: the server's close would wait for them.
  app.addHook('preClose', (done) => {
    for (const end of [...open]) end();
    done();
  });
  app.get<{ Querystring: { account?: string } }>(
    '/events',
    {
      // `?account=` must be the caller's (403 otherwise); without it a customer hears of all theirs.
      config: { access: 'account' },
      preValidation: emptyQueryIsAbsent,
      schema: {
        tags: ['events'],
        summary: "The caller's transfers and claims as the bank commits them (server-sent events)",
        querystring: { type: 'object', properties: { account: ACCOUNT_NUMBER } },
        response: {
          200: {
            description:
              '`transfer` events (a Transfer) and `claim` events (an AccountClaim), a comment every 15 s',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          ...errors({}),
        },
      },
    },
    async (request, reply) => {
      const { frames } = eventsFor(u, principalOf(request), request.query.account);
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      out.write(`retry: ${RETRY_MS}\n: connected\n\n`);
      // Changes are written in the order committed, even when one waits for an owner lookup.
      let queue = Promise.resolve();
      const unsubscribe = u.changes.subscribe((changes) => {
        queue = queue
          .then(async () => {
            for (const change of changes) for (const text of await frames(change)) out.write(text);
          })
          // A stream that cannot say what happened ends: the page reconnects and reads afresh.
          .catch(end);
      });
      const beat = setInterval(() => out.write(': heartbeat\n\n'), heartbeatMs);
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(beat);
        unsubscribe();
        open.delete(end);
        out.end();
      };
      open.add(end);
      request.raw.on('close', end);
    },
  );
}
