import { presentedToken, SESSION_COOKIE, SessionTokens, sameSecret, sessionCookie } from './session-token';

describe('SessionTokens', () => {
  const secret = Buffer.alloc(32, 7);
  let now = 1_800_000_000_000;
  const tokens = new SessionTokens(secret, () => now);

  it('verifies a token it issued until it expires', () => {
    const { token, expiresAt } = tokens.issue('12345678901', 60);
    expect(tokens.verify(token)).toEqual({ sub: '12345678901', exp: 1_800_000_060 });
    expect(expiresAt.toISOString()).toBe(new Date(1_800_000_060_000).toISOString());
    now += 60_000;
    expect(tokens.verify(token)).toBeUndefined();
    now -= 60_000;
  });

  it('refuses a token signed with another secret, or with its claims changed', () => {
    const { token } = tokens.issue('12345678901');
    const other = new SessionTokens(Buffer.alloc(32, 8), () => now);
    expect(other.verify(token)).toBeUndefined();
    const [, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'operator', exp: 1_900_000_000 })).toString('base64url');
    expect(tokens.verify(`${forged}.${signature}`)).toBeUndefined();
    expect(tokens.verify(`${token}.x`)).toBeUndefined();
    expect(tokens.verify('')).toBeUndefined();
  });
});

describe('presentedToken', () => {
  it('takes the bearer token before the cookie', () => {
    expect(presentedToken({ authorization: 'Bearer abc', cookie: `${SESSION_COOKIE}=def` })).toBe('abc');
    expect(presentedToken({ cookie: `theme=dark; ${SESSION_COOKIE}=d.e=f` })).toBe('d.e=f');
    expect(presentedToken({ authorization: 'Basic abc' })).toBeUndefined();
    expect(presentedToken({})).toBeUndefined();
  });
});

describe('sessionCookie', () => {
  it('is HttpOnly and SameSite=Strict, and clears with Max-Age=0', () => {
    const expiresAt = new Date(Date.now() + 600_000);
    expect(sessionCookie('t', expiresAt)).toMatch(
      /^codepix_session=t; Path=\/; HttpOnly; SameSite=Strict; Max-Age=(599|600)$/,
    );
    expect(sessionCookie(undefined)).toBe('codepix_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
  });
});

describe('sameSecret', () => {
  it('compares whole secrets', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('ab', 'abc')).toBe(false);
  });
});
