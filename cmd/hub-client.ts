import { type CallOptions, type ClientUnaryCall, Metadata, type ServiceError } from '@grpc/grpc-js';
import { channelCredentials } from '../lib/security/client-credentials';
import {
  IdentityError,
  identityPaths,
  type LoadedIdentity,
  loadIdentity,
  pkiLayout,
} from '../lib/security/identity-files';
import {
  type Bank,
  BankServiceClient,
  type Certificate,
  type IssueCertificateRequest,
  type RegisterBankRequest,
} from '../src/gen/codepix/v1/bank';
import {
  type CancelClaimRequest,
  type Claim,
  ClaimServiceClient,
  type CompleteClaimRequest,
  type ConfirmClaimRequest,
  type CreateClaimRequest,
  type GetClaimRequest,
  type ListClaimsRequest,
} from '../src/gen/codepix/v1/claim';
import {
  type DeletePixKeyRequest,
  type FindPixKeyRequest,
  type ListPixKeysRequest,
  type PixKey,
  PixKeyServiceClient,
  type RegisterPixKeyRequest,
} from '../src/gen/codepix/v1/pix_key';
import {
  type FundSettlementAccountRequest,
  ListTransfersRequest,
  type ListTransfersResponse,
  type SettlementAccount,
  type SettlementStatement,
  type Transfer,
  TransferServiceClient,
} from '../src/gen/codepix/v1/transfer';
import { loadConfig } from '../src/infrastructure/config/config';
import { CliError, HubError } from './errors';
import type { HubTarget } from './options';

/** Every call gives up after this long, so a hub that hangs never hangs the CLI. */
export const CALL_TIMEOUT_MS = 10_000;

/** The hub's gRPC services as promises; a failed call rejects with a `HubError`. */
export interface HubClient {
  readonly address: string;
  registerBank(request: RegisterBankRequest): Promise<Bank>;
  listBanks(): Promise<Bank[]>;
  deactivateBank(ispb: string): Promise<Bank>;
  registerPixKey(request: RegisterPixKeyRequest): Promise<PixKey>;
  findPixKey(request: FindPixKeyRequest): Promise<PixKey>;
  deletePixKey(request: DeletePixKeyRequest): Promise<void>;
  listPixKeys(request: ListPixKeysRequest): Promise<PixKey[]>;
  createClaim(request: CreateClaimRequest): Promise<Claim>;
  confirmClaim(request: ConfirmClaimRequest): Promise<Claim>;
  cancelClaim(request: CancelClaimRequest): Promise<Claim>;
  completeClaim(request: CompleteClaimRequest): Promise<Claim>;
  getClaim(request: GetClaimRequest): Promise<Claim>;
  listClaims(request: ListClaimsRequest): Promise<Claim[]>;
  getTransfer(endToEndId: string): Promise<Transfer>;
  listTransfers(request: Partial<ListTransfersRequest>): Promise<ListTransfersResponse>;
  fundSettlementAccount(request: FundSettlementAccountRequest): Promise<SettlementAccount>;
  getSettlementAccount(ispb: string): Promise<SettlementAccount>;
  setNetDebitCap(ispb: string, netDebitCap: bigint): Promise<SettlementAccount>;
  getSettlementStatement(ispb: string, limit: number): Promise<SettlementStatement>;
  issueCertificate(request: IssueCertificateRequest): Promise<Certificate>;
  revokeCertificate(serial: string, reason: string): Promise<Certificate>;
  listCertificates(ispb: string): Promise<Certificate[]>;
  close(): void;
}

/** The identity `target` calls with; none when security is off (CODEPIX_SECURITY=off). */
export function callerIdentity(target: HubTarget): LoadedIdentity | undefined {
  const { security } = loadConfig();
  if (!security.enabled) return undefined;
  const layout = pkiLayout(security.pkiDir);
  const dir = target.identity ?? (target.actingAs ? layout.bank(target.actingAs) : layout.operator);
  try {
    return loadIdentity(identityPaths(dir));
  } catch (error) {
    if (!(error instanceof IdentityError)) throw error;
    const hint = target.identity
      ? ''
      : ' (`codepix dev up` or `codepix pki init` creates the identities; or pass --identity <dir>)';
    throw new CliError(`no usable identity: ${error.message}${hint}`, 2);
  }
}

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

export function connectHub(target: HubTarget): HubClient {
  const { address } = target;
  const creds = channelCredentials(callerIdentity(target));
  const banks = new BankServiceClient(address, creds);
  // Share the first client's channel: one connection to the hub for every service.
  const shared = { channelOverride: banks.getChannel() };
  const keys = new PixKeyServiceClient(address, creds, shared);
  const transfers = new TransferServiceClient(address, creds, shared);
  const claims = new ClaimServiceClient(address, creds, shared);
  const call = <Req, Res>(method: UnaryMethod<Req, Res>, request: Req) =>
    new Promise<Res>((resolve, reject) => {
      method(request, new Metadata(), { deadline: Date.now() + CALL_TIMEOUT_MS }, (error, response) =>
        error ? reject(new HubError(error, address)) : resolve(response),
      );
    });
  return {
    address,
    registerBank: (request) => call(banks.registerBank.bind(banks), request),
    listBanks: async () => (await call(banks.listBanks.bind(banks), {})).banks,
    deactivateBank: (ispb) => call(banks.deactivateBank.bind(banks), { ispb }),
    registerPixKey: (request) => call(keys.registerPixKey.bind(keys), request),
    findPixKey: (request) => call(keys.findPixKey.bind(keys), request),
    deletePixKey: async (request) => {
      await call(keys.deletePixKey.bind(keys), request);
    },
    listPixKeys: async (request) => (await call(keys.listPixKeys.bind(keys), request)).keys,
    createClaim: (request) => call(claims.createClaim.bind(claims), request),
    confirmClaim: (request) => call(claims.confirmClaim.bind(claims), request),
    cancelClaim: (request) => call(claims.cancelClaim.bind(claims), request),
    completeClaim: (request) => call(claims.completeClaim.bind(claims), request),
    getClaim: (request) => call(claims.getClaim.bind(claims), request),
    listClaims: async (request) => (await call(claims.listClaims.bind(claims), request)).claims,
    getTransfer: (endToEndId) => call(transfers.getTransfer.bind(transfers), { endToEndId }),
    listTransfers: (request) =>
      call(transfers.listTransfers.bind(transfers), ListTransfersRequest.fromPartial(request)),
    fundSettlementAccount: (request) => call(transfers.fundSettlementAccount.bind(transfers), request),
    getSettlementAccount: (ispb) => call(transfers.getSettlementAccount.bind(transfers), { ispb }),
    setNetDebitCap: (ispb, netDebitCap) =>
      call(transfers.setNetDebitCap.bind(transfers), { ispb, netDebitCap }),
    getSettlementStatement: (ispb, limit) =>
      call(transfers.getSettlementStatement.bind(transfers), { ispb, limit }),
    issueCertificate: (request) => call(banks.issueCertificate.bind(banks), request),
    revokeCertificate: (serial, reason) => call(banks.revokeCertificate.bind(banks), { serial, reason }),
    listCertificates: async (ispb) => (await call(banks.listCertificates.bind(banks), { ispb })).certificates,
    close: () => banks.close(),
  };
}

/** Runs `work` against the hub and always closes the connection, so the process can exit. */
export async function withHub<T>(target: HubTarget, work: (hub: HubClient) => Promise<T>): Promise<T> {
  const hub = connectHub(target);
  try {
    return await work(hub);
  } finally {
    hub.close();
  }
}
