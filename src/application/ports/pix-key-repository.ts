import type { PixKey } from '../../domain';
import type { PixKeyView } from '../pix-key-view';

export interface PixKeyRepository {
  /**
   * Inserts an active key, atomically with the account's key limit: concurrent registrations for one
   * account never leave it with more than `limit` active keys.
   * Throws PreconditionError PIX_KEY.LIMIT_REACHED, or AlreadyExistsError PIX_KEY.ALREADY_EXISTS when an
   * active key with the same value exists anywhere in the hub.
   */
  addWithinLimit(key: PixKey, limit: number): Promise<void>;
  findActive(key: string): Promise<PixKey | null>;
  /** Marks the key deleted; returns false when it was no longer active (a concurrent delete won). */
  markDeleted(key: PixKey): Promise<boolean>;
  /** The lookup read model: key, account, owner and bank in one read. */
  findView(key: string): Promise<PixKeyView | null>;
  listViewsByAccount(ispb: string, branch: string, number: string): Promise<PixKeyView[]>;
}
