import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../../lib/observability/logger';
import { newSessionSecret, SessionTokens } from '../../../lib/security/session-token';
import { servePages } from '../../../lib/web/pages';
import type { Config } from '../config/config';
import { createDataSource } from '../persistence/data-source';
import { requireOperator } from './console-auth';
import { eventRoutes } from './console-events';
import { ConsoleQueries } from './console-queries';
import { ConsoleRefusal, consoleRoutes } from './console-routes';
import { TransferFeed } from './transfer-feed';

export interface ConsoleDoor {
  port: number;
  /** The console's first page. */
  url: string;
  close(): Promise<void>;
}

/** A read the database has not answered in this long is answered 503: no page waits on it. */
const READ_TIMEOUT_MS = 5_000;
/** Connections of the console's own pool, when it has one (a cluster's supervisor). */
const POOL_SIZE = 3;

/**
 * The hub's console: read-only pages of the hub's database for the operator, behind the operator
 * token (docs/console.md). It reads Postgres only, so one per machine serves however many hub
 * processes write there.
 */
export async function startConsoleServer(opts: {
  host: string;
  port: number;
  operatorToken: string;
  dataSource: DataSource;
  logger: Logger;
  /** The hub's clock offset (CODEPIX_CLOCK_OFFSET_MS), which the times it writes carry. */
  clockOffsetMs?: number;
}): Promise<ConsoleDoor> {
  const { logger } = opts;
  const queries = new ConsoleQueries(opts.dataSource);
  const feed = new TransferFeed(queries, logger, () => Date.now() + (opts.clockOffsetMs ?? 0));
  // A new secret per start: a restart ends every session, and nothing about one is stored.
  const sessions = new SessionTokens(newSessionSecret());
  const streams = new Set<ServerResponse>();
  const app = Fastify({ exposeHeadRoutes: false, return503OnClosing: false, connectionTimeout: 0 });
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof ConsoleRefusal) {
      return reply.code(error.status).send({ code: error.code, message: error.message });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status < 500) {
      return reply.code(status).send({ code: 'REQUEST.INVALID', message: 'The request was not understood.' });
    }
    logger.warn('console read failed', { error: String(error) });
    return reply.code(503).send({
      code: 'HUB.DATABASE',
      message: "The hub's database did not answer in time. Please try again in a moment.",
    });
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });
  requireOperator(app, { operatorToken: opts.operatorToken, sessions, logger });
  consoleRoutes(app, queries, READ_TIMEOUT_MS);
  eventRoutes(app, feed, logger, streams);
  await servePages(app, 'console');
  app.addHook('onClose', async () => {
    for (const stream of streams) stream.end();
    await feed.stop();
  });
  await app.listen({ host: opts.host, port: opts.port });
  const { port } = app.server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    port,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/`,
    close: () => app.close(),
  };
}

/**
 * The console of this hub (or cluster supervisor) when an operator token is configured: over the
 * hub's own pool when it has one, else a small pool of its own. Without a token it does not start,
 * and says why.
 */
export async function startConsole(opts: {
  config: Config;
  logger: Logger;
  databaseUrl: string;
  dataSource?: DataSource;
}): Promise<ConsoleDoor | undefined> {
  const { config, logger } = opts;
  if (!config.operatorToken) {
    logger.warn(
      'CODEPIX_OPERATOR_TOKEN is not set: the hub console is off (it would have no login to check)',
    );
    return undefined;
  }
  const own = opts.dataSource ? undefined : await createDataSource(opts.databaseUrl, POOL_SIZE).initialize();
  try {
    const door = await startConsoleServer({
      host: config.grpcHost,
      port: config.consolePort,
      operatorToken: config.operatorToken,
      dataSource: opts.dataSource ?? (own as DataSource),
      logger,
      clockOffsetMs: config.clockOffsetMs,
    });
    return {
      ...door,
      close: async () => {
        await door.close();
        await own?.destroy();
      },
    };
  } catch (error) {
    await own?.destroy();
    throw error;
  }
}
