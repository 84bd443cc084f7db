import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The payee's txid of a transfer that paid a BR Code naming one (TransferRequest.txid): null for the
 * transfers before it and for those sent to a typed key. Additive only.
 */
export class TransferTxid1765100000000 implements MigrationInterface {
  name = 'TransferTxid1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE transactions ADD COLUMN txid varchar(35)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE transactions DROP COLUMN txid');
  }
}
