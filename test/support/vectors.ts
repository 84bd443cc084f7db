import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One kind's vectors: `normalised` maps accepted input to the value stored. */
export interface KindVectors {
  valid: string[];
  invalid: string[];
  normalised?: Record<string, string>;
}

/** The shared test vectors (shared/vectors/pix-keys.json); shared/ sits beside the repository, in CI too. */
export interface PixKeyVectors {
  about: string;
  cpf: KindVectors;
  cnpj: KindVectors;
  email: KindVectors & { normalised: Record<string, string> };
  phone: KindVectors;
  evp: { rule: string };
  end_to_end_id: { valid: string[]; invalid: string[] };
}

/** The one loader of the vectors, for unit specs and integration tests alike. */
export const vectors: PixKeyVectors = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../shared/vectors/pix-keys.json'), 'utf8'),
);
