import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The operator credential of a local deployment: one bearer token that the banks' operator routes
 * (opening accounts, deposits) and the hub console accept. It is kept in `<CODEPIX_HOME>/operator-token`
 * (mode 0600), made on first use, so the CLI and the pages find it; a process is given it as
 * CODEPIX_OPERATOR_TOKEN.
 */

export const OPERATOR_TOKEN_ENV = 'CODEPIX_OPERATOR_TOKEN';
const TOKEN_BYTES = 32;

export const operatorTokenFile = (home: string) => path.join(home, 'operator-token');

/** The token in `home`, made there if there is none yet. */
export function ensureOperatorToken(home: string): string {
  const existing = readOperatorToken(home);
  if (existing) return existing;
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  mkdirSync(home, { recursive: true });
  writeFileSync(operatorTokenFile(home), `${token}\n`, { mode: 0o600 });
  return token;
}

/** The token in `home`, if one was made. */
export function readOperatorToken(home: string): string | undefined {
  try {
    return readFileSync(operatorTokenFile(home), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
