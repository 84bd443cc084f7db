import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { channelCredentials } from '../../lib/security/client-credentials';
import type { LoadedIdentity } from '../../lib/security/identity-files';
import type {
  AccountType as AccountTypeName,
  ClaimKind,
  ClaimReason,
  KeyKind as KeyKindName,
} from '../../src/domain';
import { BankServiceClient } from '../../src/gen/codepix/v1/bank';
import { type Claim, ClaimServiceClient } from '../../src/gen/codepix/v1/claim';
import { AccountType, KeyKind } from '../../src/gen/codepix/v1/common';
import { type PixKey, PixKeyServiceClient } from '../../src/gen/codepix/v1/pix_key';
import type { HubClaim } from '../application/messages';
import type { HubClaims, HubDirectory, PixKeyInfo } from '../application/ports';
import type { CustomerAccount } from '../domain';
import { claimFromProto, claimKindToProto, claimReasonToProto } from './claim-mapping';

const CALL_TIMEOUT_MS = 10_000;

/** A failed hub call, with what the hub said: its gRPC status, stable code and field (trailers). */
export class HubCallError extends Error {
  readonly grpcStatus: status;
  /** The hub's `codepix-error-code`, when it sent one. */
  readonly code?: string;
  readonly field?: string;

  constructor(error: ServiceError) {
    super(error.details || error.message);
    this.grpcStatus = error.code;
    const trailer = (name: string) => error.metadata?.get(name)[0]?.toString() || undefined;
    this.code = trailer('codepix-error-code');
    this.field = trailer('codepix-field');
  }
}

const KINDS: Record<KeyKindName, KeyKind> = {
  cpf: KeyKind.KEY_KIND_CPF,
  cnpj: KeyKind.KEY_KIND_CNPJ,
  email: KeyKind.KEY_KIND_EMAIL,
  phone: KeyKind.KEY_KIND_PHONE,
  evp: KeyKind.KEY_KIND_EVP,
};
const TYPES: Record<AccountTypeName, AccountType> = {
  CACC: AccountType.ACCOUNT_TYPE_CACC,
  SVGS: AccountType.ACCOUNT_TYPE_SVGS,
  SLRY: AccountType.ACCOUNT_TYPE_SLRY,
  TRAN: AccountType.ACCOUNT_TYPE_TRAN,
};
const nameOf = <K extends string, V>(table: Record<K, V>, value: V) =>
  (Object.keys(table) as K[]).find((k) => table[k] === value);

const toInfo = (key: PixKey): PixKeyInfo => ({
  key: key.key,
  kind: nameOf(KINDS, key.kind) ?? 'evp',
  branch: key.branch,
  accountNumber: key.accountNumber,
  accountType: nameOf(TYPES, key.accountType) ?? 'CACC',
  ownerName: key.ownerName,
  createdAt: key.createdAt,
});

/** The customer's account as a hub request names it. */
const accountToProto = (account: CustomerAccount) => {
  const a = account.props;
  return {
    branch: a.branch,
    number: a.number,
    type: TYPES[a.type],
    ownerName: a.ownerName,
    ownerTaxId: a.ownerTaxId.value,
  };
};

type Callback<Res> = (error: ServiceError | null, response: Res) => void;

/** The hub's answer about a claim, checked as a notice is; one the bank cannot read is the hub's bug. */
function answered(claim: Claim): HubClaim {
  try {
    return claimFromProto(claim);
  } catch (error) {
    throw new Error(`the hub answered a malformed claim: ${(error as Error).message}`);
  }
}

/** The hub's gRPC services on behalf of one bank (its ISPB goes in every request). */
export class GrpcHub implements HubDirectory, HubClaims {
  private readonly banks: BankServiceClient;
  private readonly keys: PixKeyServiceClient;
  private readonly claims: ClaimServiceClient;

  constructor(
    readonly address: string,
    private readonly ispb: string,
    identity?: LoadedIdentity,
  ) {
    const creds = channelCredentials(identity);
    this.banks = new BankServiceClient(address, creds);
    const shared = { channelOverride: this.banks.getChannel() };
    this.keys = new PixKeyServiceClient(address, creds, shared);
    this.claims = new ClaimServiceClient(address, creds, shared);
  }

  /**
   * With security on the operator registers a bank and issues its identity; the bank only checks, at
   * start, that the identity it holds is its own, that the hub takes it and knows the bank. Waits up to
   * `waitMs` for a hub that is not up yet.
   */
  async checkIdentity(identity: LoadedIdentity, waitMs = 30_000): Promise<void> {
    if (identity.identity.role !== 'bank' || identity.identity.name !== this.ispb) {
      throw new Error(`${identity.paths.cert} is not the certificate of bank ${this.ispb}`);
    }
    const { banks } = await this.call<{ banks: { ispb: string }[] }>(
      (metadata, deadline, done) => this.banks.listBanks({}, metadata, { deadline }, done),
      waitMs,
    );
    if (!banks.some((b) => b.ispb === this.ispb)) {
      throw new Error(`bank ${this.ispb} is not registered at the hub: \`codepix bank register\` it first`);
    }
  }

  /** A certificate the hub knows, by serial (how the bank checks what the hub signs). */
  async certificate(serial: string): Promise<string> {
    const found = await this.call<{ certificatePem: string }>((metadata, deadline, done) =>
      this.banks.getCertificate({ serial }, metadata, { deadline }, done),
    );
    return found.certificatePem;
  }

  /**
   * Registers this bank unless the hub knows it already. Waits up to `waitMs` for a hub that is not up
   * yet (banks and hub may start together).
   */
  async registerBank(name: string, waitMs = 30_000): Promise<void> {
    await this.call<void>(
      (metadata, deadline, done) =>
        this.banks.registerBank({ ispb: this.ispb, name }, metadata, { deadline }, (e) => done(e, undefined)),
      waitMs,
    ).catch((error) => {
      if (!(error instanceof HubCallError && error.grpcStatus === status.ALREADY_EXISTS)) throw error;
    });
  }

  async registerKey(account: CustomerAccount, kind: KeyKindName, key: string): Promise<PixKeyInfo> {
    const registered = await this.call<PixKey>((metadata, deadline, done) =>
      this.keys.registerPixKey(
        {
          ispb: this.ispb,
          kind: KINDS[kind],
          key,
          account: accountToProto(account),
        },
        metadata,
        { deadline },
        done,
      ),
    );
    return toInfo(registered);
  }

  async listKeys(account: CustomerAccount): Promise<PixKeyInfo[]> {
    const { branch, number } = account.props;
    const response = await this.call<{ keys: PixKey[] }>((metadata, deadline, done) =>
      this.keys.listPixKeys({ ispb: this.ispb, branch, accountNumber: number }, metadata, { deadline }, done),
    );
    return response.keys.map(toInfo);
  }

  async createClaim(account: CustomerAccount, kind: ClaimKind, key: string): Promise<HubClaim> {
    const request = {
      ispb: this.ispb,
      kind: claimKindToProto(kind),
      key,
      account: accountToProto(account),
    };
    return this.claimCall((m, o, done) => this.claims.createClaim(request, m, o, done));
  }

  acknowledgeClaim(claimId: string): Promise<HubClaim> {
    return this.claimCall((m, o, done) =>
      this.claims.acknowledgeClaim({ ispb: this.ispb, claimId }, m, o, done),
    );
  }

  confirmClaim(claimId: string, reason: ClaimReason): Promise<HubClaim> {
    const request = { ispb: this.ispb, claimId, reason: claimReasonToProto(reason) };
    return this.claimCall((m, o, done) => this.claims.confirmClaim(request, m, o, done));
  }

  cancelClaim(claimId: string, reason: ClaimReason): Promise<HubClaim> {
    const request = { ispb: this.ispb, claimId, reason: claimReasonToProto(reason) };
    return this.claimCall((m, o, done) => this.claims.cancelClaim(request, m, o, done));
  }

  completeClaim(claimId: string): Promise<HubClaim> {
    return this.claimCall((m, o, done) =>
      this.claims.completeClaim({ ispb: this.ispb, claimId }, m, o, done),
    );
  }

  getClaim(claimId: string): Promise<HubClaim> {
    return this.claimCall((m, o, done) => this.claims.getClaim({ ispb: this.ispb, claimId }, m, o, done));
  }

  close(): void {
    this.claims.close();
    this.keys.close();
    this.banks.close();
  }

  /** A ClaimService call that answers a claim. */
  private async claimCall(
    start: (metadata: Metadata, options: { deadline: Date }, done: Callback<Claim>) => void,
  ): Promise<HubClaim> {
    return answered(
      await this.call<Claim>((metadata, deadline, done) => start(metadata, { deadline }, done)),
    );
  }

  private call<Res>(
    start: (metadata: Metadata, deadline: Date, done: Callback<Res>) => void,
    waitMs?: number,
  ): Promise<Res> {
    const metadata = new Metadata({ waitForReady: waitMs !== undefined });
    const deadline = new Date(Date.now() + (waitMs ?? CALL_TIMEOUT_MS));
    return new Promise((resolve, reject) =>
      start(metadata, deadline, (error, response) =>
        error ? reject(new HubCallError(error)) : resolve(response),
      ),
    );
  }
}
