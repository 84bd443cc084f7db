import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../../lib/observability/logger';
import type { TransferChange } from './console-queries';
import type { TransferFeed } from './transfer-feed';

/** A comment line this often keeps proxies and the browser from taking a quiet stream for a dead one. */
const HEARTBEAT_MS = 15_000;
/** What the browser waits before it reconnects (with Last-Event-ID) after the stream ends. */
const RETRY_MS = 2_000;
/**
 * A client this far behind (bytes the socket has not taken) is cut off rather than buffered for without
 * end; it reconnects and catches up on the newest.
 */
const BEHIND_BYTES_MAX = 1 << 20;

/** The id a reconnecting browser last saw, if it sent a sound one. */
function lastEventId(raw: string | string[] | undefined): number | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

/**
 * GET /api/events: server-sent events from the shared feed. `transfer` events (id: the state change's
 * seq) as transfers are made and change, `summary` once a second; a browser that reconnects with
 * Last-Event-ID is first sent what it missed (the newest, up to CATCH_UP_ROWS_MAX). The stream ends
 * when the session does, so an expired page finds itself logged out.
 */
export function eventRoutes(
  app: FastifyInstance,
  feed: TransferFeed,
  logger: Logger,
  streams: Set<ServerResponse>,
): void {
  app.get('/api/events', (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    streams.add(res);
    const write = (text: string) => {
      if (res.writableLength > BEHIND_BYTES_MAX) {
        logger.info('console client too far behind; cut off to catch up', { from: request.ip });
        res.destroy();
        return;
      }
      res.write(text);
    };
    const sendChange = (change: TransferChange) =>
      write(`id: ${change.seq}\nevent: transfer\ndata: ${JSON.stringify(change)}\n\n`);
    write(`retry: ${RETRY_MS}\n\n`);
    for (const summary of feed.summaries) write(`event: summary\ndata: ${JSON.stringify(summary)}\n\n`);
    // Live changes wait while what the client missed is read, so they arrive after it, in order.
    let waiting: TransferChange[] | undefined = [];
    const unsubscribe = feed.subscribe({
      change: (change) => (waiting ? waiting.push(change) : sendChange(change)),
      summary: (summary) => write(`event: summary\ndata: ${JSON.stringify(summary)}\n\n`),
    });
    const after = lastEventId(request.headers['last-event-id']);
    const caughtUp = after === undefined ? Promise.resolve([]) : feed.since(after);
    caughtUp
      .catch((error) => {
        logger.warn('console catch-up not read', { error: String(error) });
        return [];
      })
      .then((missed) => {
        const seen = new Set(missed.map((change) => change.seq));
        for (const change of missed) sendChange(change);
        for (const change of waiting ?? []) if (!seen.has(change.seq)) sendChange(change);
        waiting = undefined;
      });
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
    const left = (request.consoleSession?.expiresAt ?? 0) - Date.now();
    const expiry = Number.isFinite(left) ? setTimeout(() => res.end(), Math.max(0, left)) : undefined;
    res.on('close', () => {
      clearInterval(heartbeat);
      clearTimeout(expiry);
      unsubscribe();
      streams.delete(res);
    });
  });
}
