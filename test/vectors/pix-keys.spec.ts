import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { VECTORS_FILE, vectors } from '../support/vectors';

/**
 * test/vectors/pix-keys.json is a copy of the reference kept with the specification these tests follow.
 * The reference's SHA-256 is written down here, so the copy is checked byte for byte on every run
 * without reaching outside the repository; CODEPIX_VECTORS_REFERENCE may name the reference itself, and
 * it must then have that same hash (a new reference means a new copy and a new hash, together).
 */
const REFERENCE_SHA256 = 'b58dc554d4858f7e0709ca13301672863021c973681f2d50bb99d1b022e049a0';
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('the Pix key vectors', () => {
  it('live in the repository, with valid and invalid cases for every kind', () => {
    expect(VECTORS_FILE).toBe(path.resolve(__dirname, 'pix-keys.json'));
    for (const kind of [vectors.cpf, vectors.cnpj, vectors.email, vectors.phone, vectors.end_to_end_id]) {
      expect(kind.valid.length).toBeGreaterThan(0);
      expect(kind.invalid.length).toBeGreaterThan(0);
    }
  });

  it('are the reference copy byte for byte', () => {
    expect(sha256(VECTORS_FILE)).toBe(REFERENCE_SHA256);
    const reference = process.env.CODEPIX_VECTORS_REFERENCE;
    if (reference) expect(sha256(reference)).toBe(REFERENCE_SHA256);
  });
});
