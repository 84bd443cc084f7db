import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../../../lib/observability/logger';
import {
  presentedToken,
  type SessionTokens,
  sameSecret,
  sessionCookie,
} from '../../../lib/security/session-token';

/** The operator's session (or bearer token) a request came with: until when it is good. */
export interface ConsoleSession {
  /** Epoch milliseconds; Infinity for the operator token itself, which does not expire. */
  expiresAt: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    consoleSession?: ConsoleSession;
  }
}

/** What a browser needs to show the login page: nothing in them is the hub's data. */
const LOGIN_FILES = new Set(['/login.html', '/login.js', '/login.js.map', '/console.css']);
const isPublic = (path: string) =>
  LOGIN_FILES.has(path) || path.startsWith('/shared/') || path === '/session';

/** The one subject a console session is issued to. */
const OPERATOR = 'operator';

/**
 * Every route but the login page's files and the login itself needs the operator: a session cookie
 * from POST /session, or `Authorization: Bearer <operator token>` (for scripts). Anything else is 401:
 * a page request is sent to the login page, an API call gets a JSON refusal in words.
 */
export function requireOperator(
  app: FastifyInstance,
  opts: { operatorToken: string; sessions: SessionTokens; logger: Logger },
): void {
  const sessionOf = (request: FastifyRequest): ConsoleSession | undefined => {
    const token = presentedToken(request.headers);
    if (!token) return undefined;
    if (sameSecret(token, opts.operatorToken)) return { expiresAt: Number.POSITIVE_INFINITY };
    const claims = opts.sessions.verify(token);
    return claims?.sub === OPERATOR ? { expiresAt: claims.exp * 1000 } : undefined;
  };

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (isPublic(path)) return;
    request.consoleSession = sessionOf(request);
    if (request.consoleSession) return;
    if (path.startsWith('/api/')) {
      return reply
        .code(401)
        .send({ code: 'SESSION.REQUIRED', message: 'Please log in with the operator token.' });
    }
    return toLogin(reply, path);
  });

  app.post('/session', async (request, reply) => {
    const token = (request.body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || !sameSecret(token.trim(), opts.operatorToken)) {
      opts.logger.warn('console login refused', { from: request.ip });
      return reply.code(401).send({
        code: 'SESSION.REFUSED',
        message: 'That is not the operator token. Check it and try again.',
      });
    }
    const session = opts.sessions.issue(OPERATOR);
    opts.logger.info('console login', { from: request.ip, expiresAt: session.expiresAt.toISOString() });
    return reply
      .header('set-cookie', sessionCookie(session.token, session.expiresAt))
      .send({ expiresAt: session.expiresAt.toISOString() });
  });

  app.delete('/session', async (_request, reply) =>
    reply.header('set-cookie', sessionCookie(undefined)).code(204).send(),
  );

  app.get('/api/session', async (request) => {
    const expiresAt = request.consoleSession?.expiresAt ?? 0;
    return { expiresAt: Number.isFinite(expiresAt) ? new Date(expiresAt).toISOString() : null };
  });
}

/** A page asked for without a session: 401, with a page that takes the browser to the login. */
function toLogin(reply: FastifyReply, path: string) {
  const login = `/login.html?next=${encodeURIComponent(path)}`;
  return reply
    .code(401)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; style-src 'self'")
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Log in - CodePix hub console</title>` +
        `<meta http-equiv="refresh" content="0; url=${login}"><link rel="stylesheet" href="/console.css"></head>` +
        `<body><main><p>Please <a href="${login}">log in with the operator token</a>.</p></main></body></html>`,
    );
}
