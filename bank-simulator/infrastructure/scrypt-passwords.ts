import {
  hashPassword,
  PASSWORD_LENGTH_MAX,
  PASSWORD_LENGTH_MIN,
  verifyPassword,
} from '../../lib/security/password';
import type { PasswordHasher } from '../application/ports';

/** Customers' passwords as scrypt hashes (lib/security/password.ts: the cost, the decoy for a miss). */
export const scryptPasswords: PasswordHasher = {
  lengthMin: PASSWORD_LENGTH_MIN,
  lengthMax: PASSWORD_LENGTH_MAX,
  hash: hashPassword,
  verify: verifyPassword,
};
