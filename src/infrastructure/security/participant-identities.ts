import { X509Certificate } from 'node:crypto';
import type { KnownCertificate } from '../../../lib/security/message-verifier';
import { type Authority, type Identity, importPublicKey, issueCertificate } from '../../../lib/security/pki';
import type { BankRepository } from '../../application/ports/bank-repository';
import { requireActiveBank } from '../../application/require-active-bank';
import { Ispb, NotFoundError, PreconditionError, requireText, ValidationError } from '../../domain';
import type { CertificateStore } from './certificate-store';

/** What the broker lets a certificate do; granted when it is issued, taken away when it is revoked. */
export interface KafkaAccess {
  grant(identity: Identity): Promise<void>;
  revoke(identity: Identity): Promise<void>;
}

/**
 * The hub's side of participant identity: issuing a registered bank a certificate for its public key
 * (the private key stays with the bank), revoking one, and telling anyone a certificate by serial.
 */
export class ParticipantIdentities {
  constructor(
    private readonly authority: Authority | undefined,
    private readonly store: CertificateStore,
    private readonly banks: BankRepository,
    private readonly kafka: KafkaAccess | undefined,
  ) {}

  async issue(input: { ispb: unknown; publicKeyPem: unknown }): Promise<KnownCertificate> {
    if (!this.authority) {
      throw new PreconditionError('PKI.NO_AUTHORITY', 'this hub holds no certificate authority key');
    }
    const bank = await requireActiveBank(this.banks, input.ispb);
    const publicKey = await importPublicKey(String(input.publicKeyPem ?? '')).catch(() => {
      throw new ValidationError('public_key_pem', 'must be an ECDSA P-256 public key in PEM (SPKI)');
    });
    const issued = await issueCertificate(this.authority, { role: 'bank', name: bank.ispb.value, publicKey });
    await this.store.record(new X509Certificate(issued.certificatePem));
    await this.kafka?.grant(issued.identity);
    return this.get({ serial: issued.identity.serial });
  }

  async revoke(input: { serial: unknown; reason: unknown }): Promise<KnownCertificate> {
    const serial = parseSerial(input.serial);
    const reason = input.reason ? requireText(input.reason, 'reason', 200) : 'unspecified';
    const revoked = await this.store.revoke(serial, reason);
    if (!revoked) throw new NotFoundError('CERTIFICATE.NOT_FOUND', `no certificate ${serial}`);
    if (revoked.identity.role === 'bank') await this.kafka?.revoke(revoked.identity);
    return revoked;
  }

  async get(input: { serial: unknown }): Promise<KnownCertificate> {
    const serial = parseSerial(input.serial);
    const known = await this.store.find(serial);
    if (!known) throw new NotFoundError('CERTIFICATE.NOT_FOUND', `no certificate ${serial}`);
    return known;
  }

  list(input: { ispb: unknown }): Promise<KnownCertificate[]> {
    return this.store.listFor('bank', Ispb.create(input.ispb).value);
  }
}

function parseSerial(value: unknown): string {
  if (typeof value !== 'string' || !/^[0-9a-fA-F]{1,40}$/.test(value)) {
    throw new ValidationError('serial', 'must be a certificate serial number in hex');
  }
  return value.toLowerCase();
}
