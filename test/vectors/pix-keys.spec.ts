import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { VECTORS_FILE, vectors } from '../support/vectors';

/**
 * test/vectors/pix-keys.json is a copy of the reference kept with the specification these tests follow.
 * CODEPIX_VECTORS_REFERENCE names the reference where it is at hand; the copy must then match it byte
 * for byte. A clone alone has the copy and passes.
 */
const reference = process.env.CODEPIX_VECTORS_REFERENCE;

describe('the Pix key vectors', () => {
  it('live in the repository, with valid and invalid cases for every kind', () => {
    expect(VECTORS_FILE).toBe(path.resolve(__dirname, 'pix-keys.json'));
    for (const kind of [vectors.cpf, vectors.cnpj, vectors.email, vectors.phone, vectors.end_to_end_id]) {
      expect(kind.valid.length).toBeGreaterThan(0);
      expect(kind.invalid.length).toBeGreaterThan(0);
    }
  });

  (reference ? it : it.skip)('are the reference copy byte for byte (CODEPIX_VECTORS_REFERENCE)', () => {
    expect(existsSync(reference as string)).toBe(true);
    expect(readFileSync(VECTORS_FILE, 'utf8')).toBe(readFileSync(reference as string, 'utf8'));
  });
});
