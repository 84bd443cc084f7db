import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEAD_LETTERS_TABLE_SQL, INBOX_FINGERPRINT_SQL } from '../../lib/messaging/schema';

/**
 * The fingerprint of each consumed message beside its id, so a message reusing an id for other contents
 * is dead-lettered rather than skipped, and the bank's dead letters by where they were read. Additive.
 */
export class InboxFingerprints1764700000000 implements MigrationInterface {
  name = 'InboxFingerprints1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(INBOX_FINGERPRINT_SQL);
    await q.query(DEAD_LETTERS_TABLE_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE dead_letters');
    await q.query('ALTER TABLE inbox DROP COLUMN payload_hash');
  }
}
