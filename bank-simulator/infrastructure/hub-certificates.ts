import { X509Certificate } from 'node:crypto';
import { type Signer, signerOf } from '../../lib/security/message-verifier';
import { identityOf, verifyIssuedBy } from '../../lib/security/pki';

/**
 * Asks the hub for its certificate with this serial (BankService.GetCertificate): the PEM, undefined
 * when the hub has none by that serial; throws when the hub cannot be asked now.
 */
export type FetchCertificate = (serial: string) => Promise<string | undefined>;

/**
 * The hub's certificates, as a bank checks what the hub signs. Each is fetched once by its serial and
 * believed only if the authority (the bank's ca.pem) issued it, to the hub, and it is valid; then it is
 * kept for the life of the process (the verifier checks its dates on every message). An answer that is
 * not believed is not kept, so a later fetch may still succeed.
 */
export class HubCertificates {
  private readonly known = new Map<string, Signer>();
  private readonly fetching = new Map<string, Promise<Signer | undefined>>();

  constructor(
    private readonly fetch: FetchCertificate,
    private readonly authority: X509Certificate,
  ) {}

  readonly find = async (serial: string): Promise<Signer | undefined> => {
    const known = this.known.get(serial);
    if (known) return known;
    let pending = this.fetching.get(serial);
    if (!pending) {
      pending = this.load(serial).finally(() => this.fetching.delete(serial));
      this.fetching.set(serial, pending);
    }
    return pending;
  };

  private async load(serial: string): Promise<Signer | undefined> {
    const pem = await this.fetch(serial);
    const signer = pem === undefined ? undefined : this.believed(pem, serial);
    if (signer) this.known.set(serial, signer);
    return signer;
  }

  private believed(pem: string, serial: string): Signer | undefined {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(pem);
    } catch {
      return undefined;
    }
    const identity = identityOf(certificate);
    if (identity?.role !== 'hub' || identity.serial !== serial) return undefined;
    return verifyIssuedBy(certificate, this.authority) ? signerOf(certificate, identity) : undefined;
  }
}
