import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { VECTORS_FILE, vectors } from '../support/vectors';

/**
 * test/vectors/pix-keys.json is a copy: the reference is kept with the specification these tests follow,
 * in a `shared/vectors/` folder beside the checkout where there is one (CODEPIX_VECTORS_REFERENCE names
 * another place). A clone alone has the copy and passes; a checkout beside the reference must match it.
 */
const reference =
  process.env.CODEPIX_VECTORS_REFERENCE || path.resolve(__dirname, '../../../shared/vectors/pix-keys.json');

describe('the Pix key vectors', () => {
  it('live in the repository, with valid and invalid cases for every kind', () => {
    expect(VECTORS_FILE).toBe(path.resolve(__dirname, 'pix-keys.json'));
    for (const kind of [vectors.cpf, vectors.cnpj, vectors.email, vectors.phone, vectors.end_to_end_id]) {
      expect(kind.valid.length).toBeGreaterThan(0);
      expect(kind.invalid.length).toBeGreaterThan(0);
    }
  });

  it('are the reference copy byte for byte, wherever the reference is at hand', () => {
    // Named explicitly, the reference must exist; found beside the checkout, it must match.
    if (process.env.CODEPIX_VECTORS_REFERENCE) expect(existsSync(reference)).toBe(true);
    const copy = readFileSync(VECTORS_FILE, 'utf8');
    expect(existsSync(reference) ? readFileSync(reference, 'utf8') : copy).toBe(copy);
  });
});
