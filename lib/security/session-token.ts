import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring session tokens for the web doors (a bank's customers, the hub console's operator):
 * `base64url(JSON claims).base64url(HMAC-SHA256)`. Nothing is stored server side; a token is good until
 * its `exp`, and a new secret (a restart without one configured) ends every session.
 */

export interface SessionClaims {
  /** Who: a customer's tax id, or `operator`. */
  sub: string;
  /** Expiry, in seconds since the epoch. */
  exp: number;
}

/** A session lasts 30 minutes from login, as a bank's web session usually does. */
export const SESSION_SECONDS_MAX = 30 * 60;
/** The cookie that carries the token in a browser: HttpOnly, SameSite=Strict. */
export const SESSION_COOKIE = 'codepix_session';
const SECRET_BYTES = 32;

export const newSessionSecret = () => randomBytes(SECRET_BYTES);

export class SessionTokens {
  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  issue(sub: string, seconds = SESSION_SECONDS_MAX): { token: string; expiresAt: Date } {
    const exp = Math.floor(this.now() / 1000) + seconds;
    const body = Buffer.from(JSON.stringify({ sub, exp } satisfies SessionClaims)).toString('base64url');
    return { token: `${body}.${this.sign(body)}`, expiresAt: new Date(exp * 1000) };
  }

  /** The claims of a token this secret signed and that has not expired; undefined for any other. */
  verify(token: string): SessionClaims | undefined {
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(body), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const claims = parseClaims(Buffer.from(body, 'base64url').toString('utf8'));
    return claims && claims.exp * 1000 > this.now() ? claims : undefined;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

function parseClaims(json: string): SessionClaims | undefined {
  try {
    const { sub, exp } = JSON.parse(json) as Partial<SessionClaims>;
    return typeof sub === 'string' && Number.isInteger(exp) ? { sub, exp: exp as number } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Set-Cookie value that hands `token` to a browser, or (token undefined) takes it back. Max-Age is
 * rounded up, so a token issued for 1800 s says 1800: the token's own expiry is what counts.
 */
export function sessionCookie(token: string | undefined, expiresAt?: Date): string {
  const maxAge = token && expiresAt ? Math.max(0, Math.ceil((expiresAt.getTime() - Date.now()) / 1000)) : 0;
  return `${SESSION_COOKIE}=${token ?? ''}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}`;
}

/** The session token a request carries: `Authorization: Bearer …` first, else the session cookie. */
export function presentedToken(headers: { authorization?: string; cookie?: string }): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (bearer) return bearer[1];
  for (const part of (headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE && value.length) return value.join('=');
  }
  return undefined;
}

/** Compares a presented secret with the expected one in constant time. */
export function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
