import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../lib/observability/logger';
import type { Clock } from '../application/ports/clock';
import type { Hasher } from '../application/ports/hasher';
import type { IdGenerator } from '../application/ports/id-generator';
import { AcknowledgeClaim } from '../application/use-cases/acknowledge-claim';
import { AnswerTransfer } from '../application/use-cases/answer-transfer';
import { CancelClaim } from '../application/use-cases/cancel-claim';
import { CancelUnansweredClaims } from '../application/use-cases/cancel-unanswered-claims';
import { ChargeTariffs } from '../application/use-cases/charge-tariffs';
import { CompleteClaim } from '../application/use-cases/complete-claim';
import { CompleteTransfer } from '../application/use-cases/complete-transfer';
import { ConfirmClaim } from '../application/use-cases/confirm-claim';
import { ConfirmTransfer } from '../application/use-cases/confirm-transfer';
import { CreateClaim } from '../application/use-cases/create-claim';
import { DeactivateBank } from '../application/use-cases/deactivate-bank';
import { DeletePixKey } from '../application/use-cases/delete-pix-key';
import { ExpireTransfers } from '../application/use-cases/expire-transfers';
import { FindPixKey } from '../application/use-cases/find-pix-key';
import { FundSettlementAccount } from '../application/use-cases/fund-settlement-account';
import { GetClaim } from '../application/use-cases/get-claim';
import { GetLookupAllowance } from '../application/use-cases/get-lookup-allowance';
import { GetSettlementAccount } from '../application/use-cases/get-settlement-account';
import { GetSettlementStatement } from '../application/use-cases/get-settlement-statement';
import { GetTransfer } from '../application/use-cases/get-transfer';
import { ListBanks } from '../application/use-cases/list-banks';
import { ListClaims } from '../application/use-cases/list-claims';
import { ListPixKeys } from '../application/use-cases/list-pix-keys';
import { ListTransfers } from '../application/use-cases/list-transfers';
import { RegisterBank } from '../application/use-cases/register-bank';
import { RegisterPixKey } from '../application/use-cases/register-pix-key';
import { RejectTransfer } from '../application/use-cases/reject-transfer';
import { ReportUnknownTransfer } from '../application/use-cases/report-unknown-transfer';
import { RequestRefund } from '../application/use-cases/request-refund';
import { RequestTransfer } from '../application/use-cases/request-transfer';
import { ResendConfirmations } from '../application/use-cases/resend-confirmations';
import { SetNetDebitCap } from '../application/use-cases/set-net-debit-cap';
import { Money } from '../domain';
import type { Config } from './config/config';
import type { BankUseCases } from './grpc/bank-handlers';
import type { ClaimUseCases } from './grpc/claim-handlers';
import type { PixKeyUseCases } from './grpc/pix-key-handlers';
import type { TransferServiceUseCases } from './grpc/transfer-handlers';
import type { DirectoryCache } from './persistence/directory-cache';
import type { ClaimTransactionRunner, HubTransactionRunner } from './persistence/hub-transaction-runner';
import { LeasedLookupAllowance } from './persistence/leased-lookup-allowance';
import { PostgresLookupBuckets } from './persistence/postgres-lookup-buckets';
import {
  CachedBankRepository,
  CachedPixKeyRepository,
  type DirectoryEntry,
} from './persistence/repositories/cached-repositories';
import { TypeOrmAccountRepository } from './persistence/repositories/typeorm-account-repository';
import { TypeOrmBankRepository } from './persistence/repositories/typeorm-bank-repository';
import { TypeOrmClaimQuery } from './persistence/repositories/typeorm-claim-query';
import { TypeOrmPixKeyRepository } from './persistence/repositories/typeorm-pix-key-repository';
import { TypeOrmSettlementQuery } from './persistence/repositories/typeorm-settlement-query';
import { TypeOrmTransferQuery } from './persistence/repositories/typeorm-transfer-query';
import type { RelayUseCases } from './relay/transfer-relay';

/** Everything the hub's doors call, built once per hub. */
export interface HubParts {
  pixKeys: PixKeyUseCases;
  banks: Omit<BankUseCases, 'identities'>;
  bankRepository: CachedBankRepository;
  /** The relay's: what the consumers and the sweeps run in the transaction runner's units of work. */
  transfers: RelayUseCases;
  /** The gRPC TransferService's; its writes already bound to the transaction runner. */
  transferService: TransferServiceUseCases;
  /** The gRPC ClaimService's, its steps bound to the claim runner. */
  claims: ClaimUseCases;
  /** The claim sweep's: portability claims left unanswered past their period, cancelled. */
  cancelUnansweredClaims: CancelUnansweredClaims;
  /** This instance's lookup leases, for the hub to start their sweeper and give them back when it stops. */
  leases: LeasedLookupAllowance;
}

/**
 * The hub's wiring, by hand and in one place: each adapter is made once, and each use case gets the
 * adapters it needs through its constructor. Use cases are plain classes that know nothing of how
 * they are built. The write use cases over transfers and settlement accounts take their unit of work
 * per call instead: the relay and the sweeps hand it in, and the gRPC door's writes are bound to the
 * transaction runner here (`runner.bind`), so each call gets its own.
 */
export function wireHub(deps: {
  config: Config;
  logger: Logger;
  dataSource: DataSource;
  cache: DirectoryCache<DirectoryEntry>;
  runner: HubTransactionRunner;
  claimRunner: ClaimTransactionRunner;
}): HubParts {
  const { config, logger, dataSource, cache, runner, claimRunner } = deps;
  const clock: Clock = { now: () => new Date(Date.now() + config.clockOffsetMs) };
  const ids: IdGenerator = { uuid: randomUUID };
  const hasher: Hasher = { sha256: (text) => createHash('sha256').update(text, 'utf8').digest('hex') };

  const banks = new CachedBankRepository(new TypeOrmBankRepository(dataSource), cache);
  const accounts = new TypeOrmAccountRepository(dataSource);
  const pixKeys = new CachedPixKeyRepository(new TypeOrmPixKeyRepository(dataSource), cache);
  const settlements = new TypeOrmSettlementQuery(dataSource);
  const transferQuery = new TypeOrmTransferQuery(dataSource);
  const claimQuery = new TypeOrmClaimQuery(dataSource);
  const { lookups, transfers } = config;
  const leases = new LeasedLookupAllowance(new PostgresLookupBuckets(dataSource), lookups.lease, logger);

  return {
    pixKeys: {
      register: new RegisterPixKey(banks, accounts, pixKeys, clock, ids),
      find: new FindPixKey(banks, pixKeys, leases, lookups),
      delete: new DeletePixKey(banks, pixKeys, clock),
      list: new ListPixKeys(banks, pixKeys),
      allowance: new GetLookupAllowance(banks, leases, lookups),
    },
    banks: {
      register: new RegisterBank(banks, clock, lookups),
      list: new ListBanks(banks),
      deactivate: new DeactivateBank(banks),
    },
    bankRepository: banks,
    transfers: {
      request: new RequestTransfer(banks, pixKeys, hasher, clock, {
        maxAmount: Money.fromCents(transfers.maxAmountCents),
        deadlineMs: transfers.deadlineMs,
      }),
      refund: new RequestRefund(banks, hasher, clock, { deadlineMs: transfers.deadlineMs }),
      answer: new AnswerTransfer({
        confirm: new ConfirmTransfer(clock),
        reject: new RejectTransfer(clock),
        complete: new CompleteTransfer(clock),
        reportUnknown: new ReportUnknownTransfer(clock),
      }),
      expire: new ExpireTransfers(clock),
      resend: new ResendConfirmations(clock, transfers.reminders),
      chargeTariffs: new ChargeTariffs(clock, transfers.tariff),
    },
    transferService: {
      get: new GetTransfer(transferQuery),
      list: new ListTransfers(transferQuery),
      settlement: new GetSettlementAccount(banks, settlements),
      statement: new GetSettlementStatement(banks, settlements, transfers.tariff),
      fund: runner.bind(new FundSettlementAccount(banks, clock)),
      setNetDebitCap: runner.bind(new SetNetDebitCap(banks)),
    },
    claims: {
      create: claimRunner.bind(new CreateClaim(banks, clock, ids)),
      acknowledge: claimRunner.bind(new AcknowledgeClaim(banks, clock, config.claims.resolutionMs)),
      confirm: claimRunner.bind(new ConfirmClaim(banks, clock)),
      cancel: claimRunner.bind(new CancelClaim(banks, clock)),
      complete: claimRunner.bind(new CompleteClaim(banks, clock, ids)),
      get: new GetClaim(claimQuery),
      list: new ListClaims(claimQuery),
    },
    cancelUnansweredClaims: new CancelUnansweredClaims(clock),
    leases,
  };
}
