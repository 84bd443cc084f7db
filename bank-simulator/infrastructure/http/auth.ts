import type { FastifyInstance, FastifyRequest } from 'fastify';
import { presentedToken, type SessionTokens, sameSecret } from '../../../lib/security/session-token';
import { AuthRequiredError, type Principal } from '../../domain';
import { HttpInputError } from './http-errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served to anyone, with no credential: health, metrics, this API's description, login, pages. */
    public?: boolean;
  }
  interface FastifyRequest {
    /** Who is calling; undefined only on a public route called without a good credential. */
    principal?: Principal;
  }
}

/** What the bank takes as proof: its operator's token, and the session tokens it signs at login. */
export interface BankCredentials {
  operatorToken: string;
  sessions: SessionTokens;
  /** How long a session lasts from login, in seconds. */
  sessionSeconds: number;
}

/** A session names a customer by tax id; a token of any other subject was not made by this bank. */
const TAX_ID = /^(\d{11}|\d{14})$/;

/** The principal a request's credential proves (Bearer first, then the session cookie), if any. */
export function principalFrom(
  headers: { authorization?: string; cookie?: string },
  credentials: BankCredentials,
): Principal | undefined {
  const token = presentedToken(headers);
  if (!token) return undefined;
  if (sameSecret(token, credentials.operatorToken)) return { kind: 'operator' };
  const claims = credentials.sessions.verify(token);
  return claims && TAX_ID.test(claims.sub) ? { kind: 'customer', taxId: claims.sub } : undefined;
}

/**
 * Every request is authenticated before its body is read, in this one hook: it gets its principal, or
 * is answered 401 AUTH.REQUIRED unless its route is public (`config: { public: true }`). A request for
 * no route is left to the 404.
 */
export function authenticate(app: FastifyInstance, credentials: BankCredentials): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', (request, _reply, done) => {
    request.principal = principalFrom(request.headers, credentials);
    const open = request.is404 || request.routeOptions.config.public === true;
    if (!open && !request.principal) return done(new AuthRequiredError());
    done(forgeable(request) ? notJson() : undefined);
  });
}

/**
 * A cookie-borne call with a body that is not declared JSON: what a form on another site can send
 * without a preflight (urlencoded, multipart, text/plain). SameSite=Strict already keeps the cookie off
 * such requests; this refuses them too, so a browser's cookie moves money only with a JSON body.
 */
function forgeable(request: FastifyRequest): boolean {
  const { authorization, cookie, 'content-type': type } = request.headers;
  const byCookie =
    Boolean(cookie) && !/^Bearer\s/i.test(authorization ?? '') && request.principal?.kind === 'customer';
  const withBody = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
  return byCookie && withBody && !/^application\/json\s*(;|$)/i.test(type ?? '');
}

const notJson = () =>
  new HttpInputError(
    415,
    'REQUEST.INVALID_CONTENT_TYPE',
    'send JSON, with Content-Type: application/json',
    'Content-Type',
  );

/** The principal of a request on a route that needs one (the hook answered any other 401). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AuthRequiredError();
  return request.principal;
}

/** The tax id whose things a request may list; undefined for the operator, who may list everything. */
export function ownerScope(request: FastifyRequest): string | undefined {
  const principal = principalOf(request);
  return principal.kind === 'customer' ? principal.taxId : undefined;
}
