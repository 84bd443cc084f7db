import type { PasswordHasher } from '../ports';

/**
 * A hasher for use-case specs: the "hash" says what the password was, so a spec can see what was
 * stored, and checking takes no time. The lengths are the real ones (lib/security/password.ts).
 */
export class PlainPasswords implements PasswordHasher {
  readonly lengthMin = 8;
  readonly lengthMax = 128;
  /** How many checks ran, decoys (no hash) included. */
  checks = 0;

  async hash(password: string): Promise<string> {
    return `plain:${password}`;
  }

  async verify(password: string, hash: string | undefined): Promise<boolean> {
    this.checks++;
    return hash !== undefined && hash === `plain:${password}`;
  }
}
