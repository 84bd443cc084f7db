import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One kind's vectors: `normalised` maps accepted input to the value stored. */
export interface KindVectors {
  valid: string[];
  invalid: string[];
  normalised?: Record<string, string>;
}

/** The test vectors of Pix keys and end-to-end ids, kept in the repository (test/vectors/pix-keys.json). */
export interface PixKeyVectors {
  about: string;
  cpf: KindVectors;
  cnpj: KindVectors;
  email: KindVectors & { normalised: Record<string, string> };
  phone: KindVectors;
  evp: { rule: string };
  end_to_end_id: { valid: string[]; invalid: string[] };
}

export const VECTORS_FILE = path.resolve(__dirname, '../vectors/pix-keys.json');

/** The one loader of the vectors, for unit specs and integration tests alike. */
export const vectors: PixKeyVectors = JSON.parse(readFileSync(VECTORS_FILE, 'utf8'));
