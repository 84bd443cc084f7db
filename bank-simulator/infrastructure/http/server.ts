import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../../src/infrastructure/logger';
import { HttpInputError, toErrorReply } from './http-errors';

export interface HttpRequest {
  /** The path's captured segments, URL-decoded. */
  params: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The JSON body: always an object (`{}` when empty). */
  body: Record<string, unknown>;
}

export interface HttpReply {
  status: number;
  body: unknown;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Anchored; each group captures one path segment. */
  path: RegExp;
  handle(request: HttpRequest): Promise<HttpReply>;
}

export interface HttpServer {
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpInputError(413, 'REQUEST.TOO_LARGE', 'body over 64 KiB', 'body');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpInputError(400, 'REQUEST.INVALID_JSON', 'body is not valid JSON', 'body');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpInputError(400, 'REQUEST.INVALID_JSON', 'body must be a JSON object', 'body');
  }
  return body as Record<string, unknown>;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpInputError(400, 'REQUEST.INVALID_PATH', 'the path is not valid URL encoding', 'path');
  }
}

async function dispatch(routes: readonly Route[], req: IncomingMessage): Promise<HttpReply> {
  const url = new URL(req.url ?? '/', 'http://bank');
  const matching = routes.filter((r) => r.path.test(url.pathname));
  const route = matching.find((r) => r.method === req.method);
  if (!route) {
    req.resume(); // drain, so the connection can be kept alive
    if (matching.length > 0)
      throw new HttpInputError(405, 'REQUEST.METHOD_NOT_ALLOWED', `${req.method} not allowed`);
    throw new HttpInputError(404, 'ROUTE.NOT_FOUND', `no route ${url.pathname}`);
  }
  const params = (route.path.exec(url.pathname) as RegExpExecArray).slice(1).map(decodeSegment);
  if (req.method !== 'POST') req.resume();
  const body = req.method === 'POST' ? await readBody(req) : {};
  return route.handle({ params, query: url.searchParams, headers: req.headers, body });
}

function send(req: IncomingMessage, res: ServerResponse, reply: HttpReply): void {
  const json = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    // A body left unread (too large) would be taken for the next request: end this connection instead.
    ...(req.complete ? {} : { connection: 'close' }),
  });
  res.end(json);
}

/**
 * The bank's HTTP door on node:http. Keep-alive connections; nothing logged per request at info level;
 * a bad request is answered 4xx and never takes the process down.
 */
export async function startHttpServer(opts: {
  host: string;
  port: number;
  routes: readonly Route[];
  logger: Logger;
}): Promise<HttpServer> {
  const server = createServer((req, res) => {
    dispatch(opts.routes, req)
      .catch((error) => toErrorReply(error, opts.logger))
      .then((reply) => send(req, res, reply))
      .catch((error) => opts.logger.warn('could not answer an HTTP request', { error: String(error) }));
  });
  server.keepAliveTimeout = 65_000;
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests in flight get a moment to finish; then their connections are cut.
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      }),
  };
}
