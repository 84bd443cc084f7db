import { X509Certificate } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { KnownCertificate } from '../../../lib/security/message-verifier';
import { type Identity, identityOf } from '../../../lib/security/pki';
import { cacheKey, type DirectoryCache, notifyDirectoryChange } from '../persistence/directory-cache';

interface Row {
  serial: string;
  certificate: string;
  revoked_at: Date | null;
}

const toKnown = (row: Row): KnownCertificate => {
  const certificate = new X509Certificate(row.certificate);
  return {
    identity: identityOf(certificate) as Identity,
    certificate,
    revokedAt: row.revoked_at ?? undefined,
  };
};

/**
 * The `certificates` table: every certificate the hub issued or saw on a verified connection. Reads
 * are cached on every hub instance and evicted by LISTEN/NOTIFY, so a revocation reaches all of them
 * as soon as it commits.
 */
export class CertificateStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: DirectoryCache<unknown>,
  ) {}

  /** Records a certificate once; a second record of the same serial changes nothing. */
  async record(certificate: X509Certificate): Promise<void> {
    const identity = identityOf(certificate);
    if (!identity) throw new Error('not a CodePix certificate');
    await this.dataSource.query(
      `INSERT INTO certificates (serial, role, name, certificate, not_after) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (serial) DO NOTHING`,
      [identity.serial, identity.role, identity.name, certificate.toString(), new Date(certificate.validTo)],
    );
  }

  async find(serial: string): Promise<KnownCertificate | undefined> {
    const name = cacheKey.certificate(serial);
    const cached = this.cache.get(name) as KnownCertificate | undefined;
    if (cached) return cached;
    const epoch = this.cache.epoch;
    const rows: Row[] = await this.dataSource.query(
      'SELECT serial, certificate, revoked_at FROM certificates WHERE serial = $1',
      [serial],
    );
    const known = rows[0] && toKnown(rows[0]);
    if (known) this.cache.set(name, known, epoch);
    return known;
  }

  /** The certificates of one holder, newest first. */
  async listFor(role: Identity['role'], name: string): Promise<KnownCertificate[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT serial, certificate, revoked_at FROM certificates WHERE role = $1 AND name = $2
       ORDER BY recorded_at DESC`,
      [role, name],
    );
    return rows.map(toKnown);
  }

  /** Marks a certificate revoked; returns it, or undefined when the hub does not know the serial. */
  async revoke(serial: string, reason: string): Promise<KnownCertificate | undefined> {
    return this.dataSource.transaction(async (manager) => {
      // TypeORM answers an UPDATE ... RETURNING with [rows, count].
      const [rows]: [Row[], number] = await manager.query(
        `UPDATE certificates SET revoked_at = COALESCE(revoked_at, now()), revocation_reason = $2
         WHERE serial = $1 RETURNING serial, certificate, revoked_at`,
        [serial, reason],
      );
      if (rows.length === 0) return undefined;
      await notifyDirectoryChange(manager, cacheKey.certificate(serial));
      this.cache.evict(cacheKey.certificate(serial));
      return toKnown(rows[0] as Row);
    });
  }
}
