import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Histogram } from 'prom-client';
import type { Logger } from '../../../lib/observability/logger';
import { HTTP_BODY_BYTES_MAX } from '../../../src/domain';
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
  headers?: Record<string, string>;
  /** Sent as JSON, unless `text` is given: then that is sent as it is, with the headers' content-type. */
  body?: unknown;
  text?: string;
}

export interface Route {
  method: 'GET' | 'POST';
  /** The path as written (`/accounts/:number`): how the metrics name the route. */
  pattern: string;
  /** Anchored; each group captures one path segment. */
  path: RegExp;
  handle(request: HttpRequest): Promise<HttpReply>;
}

export interface HttpServer {
  port: number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > HTTP_BODY_BYTES_MAX) {
      throw new HttpInputError(
        413,
        'REQUEST.TOO_LARGE',
        `body over ${HTTP_BODY_BYTES_MAX / 1024} KiB`,
        'body',
      );
    }
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
  const field = nulAt(body);
  if (field !== undefined) {
    throw new HttpInputError(
      400,
      'VALIDATION.INVALID_FIELD',
      `${field}: must not contain NUL characters`,
      field,
    );
  }
  return body as Record<string, unknown>;
}

/**
 * Where (`description`, `a.b`, `a[0]`) the first NUL character of a JSON body is, if any. The bank's
 * database cannot store one in text, so no field may carry it. Iterative: a body may nest deeply.
 */
function nulAt(body: object): string | undefined {
  const pending: [unknown, string][] = [[body, '']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, at] = next;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return at;
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        // An empty key still gets a name: the answer must say where the NUL is.
        const name = key === '' ? '""' : key;
        const path = Array.isArray(value) ? `${at}[${key}]` : at ? `${at}.${name}` : name;
        if (key.includes('\u0000')) return path;
        pending.push([item, path]);
      }
    }
  }
  return undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpInputError(400, 'REQUEST.INVALID_PATH', 'the path is not valid URL encoding', 'path');
  }
}

async function dispatch(
  routes: readonly Route[],
  req: IncomingMessage,
  matched: (route: Route) => void,
): Promise<HttpReply> {
  const url = new URL(req.url ?? '/', 'http://bank');
  const matching = routes.filter((r) => r.path.test(url.pathname));
  const route = matching.find((r) => r.method === req.method);
  if (route) matched(route);
  else {
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
  const json = reply.text ?? JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    ...reply.headers,
    'content-length': Buffer.byteLength(json),
    // A body left unread (too large) would be taken for the next request: end this connection instead.
    ...(req.complete ? {} : { connection: 'close' }),
  });
  res.end(json);
}

interface ClientErrorAnswer {
  status: number;
  reason: string;
  code: string;
  message: string;
  field: string;
}
const MALFORMED: ClientErrorAnswer = {
  status: 400,
  reason: 'Bad Request',
  code: 'REQUEST.MALFORMED',
  message: 'not a valid HTTP/1.1 request',
  field: 'request',
};
const CLIENT_ERRORS: Record<string, ClientErrorAnswer> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'REQUEST.HEADERS_TOO_LARGE',
    message: 'headers over 16 KiB',
    field: 'headers',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: 'REQUEST.TIMEOUT',
    message: 'the request did not arrive in time',
    field: 'request',
  },
};

/** What node:http could not even parse, answered in the API's JSON error shape; the connection closes. */
function clientErrorAnswer(parserCode: string | undefined): string {
  const { status, reason, code, message, field } = CLIENT_ERRORS[parserCode ?? ''] ?? MALFORMED;
  const json = JSON.stringify({ error: { code, message, field } });
  return (
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\n` +
    `content-length: ${Buffer.byteLength(json)}\r\nconnection: close\r\n\r\n${json}`
  );
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
  /** Times every request, by method, route and status. */
  timing?: Histogram<'method' | 'route' | 'status'>;
}): Promise<HttpServer> {
  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    let pattern = '(unrouted)';
    dispatch(opts.routes, req, (route) => {
      pattern = route.pattern;
    })
      .catch((error) => toErrorReply(error, opts.logger))
      .then((reply) => {
        send(req, res, reply);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        opts.timing?.observe({ method: req.method ?? '', route: pattern, status: reply.status }, seconds);
      })
      .catch((error) => opts.logger.warn('could not answer an HTTP request', { error: String(error) }));
  });
  server.keepAliveTimeout = 65_000;
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (socket.writable) socket.end(clientErrorAnswer(error.code));
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
