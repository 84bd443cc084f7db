import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureOperatorToken, operatorTokenFile, readOperatorToken } from './operator-token';

describe('the local operator token', () => {
  let home: string;
  beforeEach(() => {
    home = path.join(mkdtempSync(path.join(os.tmpdir(), 'codepix-token-')), 'home');
  });
  afterEach(() => rmSync(path.dirname(home), { recursive: true, force: true }));

  it('is made once, readable only by its owner, and found again', () => {
    expect(readOperatorToken(home)).toBeUndefined();
    const token = ensureOperatorToken(home);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(statSync(operatorTokenFile(home)).mode & 0o777).toBe(0o600);
    expect(ensureOperatorToken(home)).toBe(token);
    expect(readOperatorToken(home)).toBe(token);
  });
});
