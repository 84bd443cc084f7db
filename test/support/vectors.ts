import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The shared test vectors; shared/ sits beside the repository, in CI too. */
export interface PixKeyVectors {
  cpf: { valid: string[]; invalid: string[] };
  cnpj: { valid: string[]; invalid: string[] };
  email: { valid: string[]; normalised: Record<string, string>; invalid: string[] };
  phone: { valid: string[]; invalid: string[] };
  end_to_end_id: { valid: string[]; invalid: string[] };
}

export const vectors: PixKeyVectors = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../shared/vectors/pix-keys.json'), 'utf8'),
);
