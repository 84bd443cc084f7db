import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Customers' passwords, stored only as scrypt hashes (memory-hard: each guess costs 32 MiB and tens of
 * milliseconds). A stored hash reads `scrypt$N$r$p$salt$hash`, salt and hash in base64url, so the cost
 * can rise later without breaking the hashes already stored.
 */

/** N = 2^15, r = 8: 128 · N · r bytes = 32 MiB per hash, the OWASP floor for scrypt. */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** scrypt refuses to use more than maxmem; 32 MiB plus headroom. */
const MAXMEM = 64 * 1024 * 1024;

/** The shortest password a customer may set. */
export const PASSWORD_LENGTH_MIN = 8;
/** Longer passwords add nothing and cost hashing time; 128 leaves room for passphrases. */
export const PASSWORD_LENGTH_MAX = 128;

const derive = (password: string, salt: Buffer, cost: ScryptOptions, length: number) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, length, { ...cost, maxmem: MAXMEM }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, COST, HASH_BYTES);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** A hash of nothing anyone knows, checked when no customer matches so that a miss takes as long as a hit. */
let decoy: Promise<string> | undefined;

/** Whether `password` is the one `stored` was made from; `stored` undefined (no such customer) is false. */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  decoy ??= hashPassword(randomBytes(SALT_BYTES).toString('hex'));
  const parts = (stored ?? (await decoy)).split('$');
  const [scheme, N, r, p, salt, hash] = parts;
  if (parts.length !== 6 || scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(
    password,
    Buffer.from(salt, 'base64url'),
    { N: Number(N), r: Number(r), p: Number(p) },
    expected.length,
  );
  return timingSafeEqual(actual, expected) && stored !== undefined;
}
