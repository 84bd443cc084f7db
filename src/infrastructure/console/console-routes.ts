import type { FastifyInstance } from 'fastify';
import type { ConsoleQueries } from './console-queries';

/** A console answer that the request itself got wrong, said as the page shows it. */
export class ConsoleRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const STATUSES = ['pending', 'confirmed', 'completed', 'rejected'];
const LIMIT_DEFAULT = 100;
const LIMIT_MAX = 500;
/** An end-to-end id: E (a transfer) or D (a refund), then 31 letters and digits. */
const END_TO_END_ID = /^[ED][A-Za-z0-9]{31}$/;

type Query = Record<string, string | undefined>;

function limitOf(query: Query): number {
  const raw = query.limit;
  if (raw === undefined || raw === '') return LIMIT_DEFAULT;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > LIMIT_MAX) {
    throw new ConsoleRefusal(400, 'REQUEST.LIMIT', `limit must be a whole number from 1 to ${LIMIT_MAX}.`);
  }
  return limit;
}

function statusOf(query: Query): string | undefined {
  const status = query.status || undefined;
  if (status !== undefined && !STATUSES.includes(status)) {
    throw new ConsoleRefusal(400, 'REQUEST.STATUS', `status must be one of ${STATUSES.join(', ')}.`);
  }
  return status;
}

function bankOf(query: Query): string | undefined {
  const bank = query.bank || undefined;
  if (bank !== undefined && !/^\d{8}$/.test(bank)) {
    throw new ConsoleRefusal(400, 'REQUEST.BANK', 'bank must be an ISPB: 8 digits.');
  }
  return bank;
}

/** `read`, or a 503 in words once it has taken `ms`: a page is never left waiting on a slow database. */
function inTime<T>(read: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ConsoleRefusal(
            503,
            'HUB.SLOW',
            "The hub's database is slow to answer. Please try again in a moment.",
          ),
        ),
      ms,
    );
  });
  return Promise.race([read, late]).finally(() => clearTimeout(timer));
}

/** The console's reads: GET only, every answer JSON, none waiting longer than `timeoutMs`. */
export function consoleRoutes(app: FastifyInstance, queries: ConsoleQueries, timeoutMs: number): void {
  app.get('/api/transfers', async (request) => {
    const query = request.query as Query;
    const filter = { status: statusOf(query), bank: bankOf(query), limit: limitOf(query) };
    return { transfers: await inTime(queries.transfers(filter), timeoutMs) };
  });

  app.get('/api/transfers/:endToEndId', async (request) => {
    const { endToEndId } = request.params as { endToEndId: string };
    if (!END_TO_END_ID.test(endToEndId)) {
      throw new ConsoleRefusal(
        400,
        'REQUEST.END_TO_END_ID',
        'That is not an end-to-end id: 32 letters and digits, starting with E (or D for a refund).',
      );
    }
    const found = await inTime(queries.transfer(endToEndId), timeoutMs);
    if (!found) {
      throw new ConsoleRefusal(404, 'TRANSFER.NOT_FOUND', `The hub has no transfer ${endToEndId}.`);
    }
    return found;
  });

  app.get('/api/banks', async () => ({ banks: await inTime(queries.banks(), timeoutMs) }));

  app.get('/api/dead-letters', async (request) => ({
    deadLetters: await inTime(queries.deadLetters(limitOf(request.query as Query)), timeoutMs),
  }));

  app.get('/api/claims', async (request) => {
    const query = request.query as Query;
    if (query.open !== undefined && query.open !== 'true' && query.open !== 'false') {
      throw new ConsoleRefusal(400, 'REQUEST.OPEN', 'open must be true or false.');
    }
    const claims = queries.claims({ open: query.open === 'true', limit: limitOf(query) });
    return { claims: await inTime(claims, timeoutMs) };
  });
}
