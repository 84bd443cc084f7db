import { createHash, randomUUID } from 'node:crypto';
import { Container, type interfaces } from 'inversify';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../lib/observability/logger';
import type { AccountRepository } from '../application/ports/account-repository';
import type { BankRepository } from '../application/ports/bank-repository';
import type { Clock } from '../application/ports/clock';
import type { Hasher } from '../application/ports/hasher';
import type { IdGenerator } from '../application/ports/id-generator';
import type { LookupAllowance } from '../application/ports/lookup-allowance';
import type { PixKeyRepository } from '../application/ports/pix-key-repository';
import type { SettlementQuery } from '../application/ports/settlement-query';
import type { TransferQuery } from '../application/ports/transfer-query';
import { AnswerTransfer } from '../application/use-cases/answer-transfer';
import { CompleteTransfer } from '../application/use-cases/complete-transfer';
import { ConfirmTransfer } from '../application/use-cases/confirm-transfer';
import { DeactivateBank } from '../application/use-cases/deactivate-bank';
import { DeletePixKey } from '../application/use-cases/delete-pix-key';
import { ExpireTransfers } from '../application/use-cases/expire-transfers';
import { FindPixKey } from '../application/use-cases/find-pix-key';
import { FundSettlementAccount } from '../application/use-cases/fund-settlement-account';
import { GetLookupAllowance } from '../application/use-cases/get-lookup-allowance';
import { GetSettlementAccount } from '../application/use-cases/get-settlement-account';
import { GetTransfer } from '../application/use-cases/get-transfer';
import { ListBanks } from '../application/use-cases/list-banks';
import { ListPixKeys } from '../application/use-cases/list-pix-keys';
import { ListTransfers } from '../application/use-cases/list-transfers';
import { RegisterBank } from '../application/use-cases/register-bank';
import { RegisterPixKey } from '../application/use-cases/register-pix-key';
import { RejectTransfer } from '../application/use-cases/reject-transfer';
import { ReportUnknownTransfer } from '../application/use-cases/report-unknown-transfer';
import { RequestTransfer } from '../application/use-cases/request-transfer';
import { ResendConfirmations } from '../application/use-cases/resend-confirmations';
import { SetNetDebitCap } from '../application/use-cases/set-net-debit-cap';
import { Money } from '../domain';
import type { Config } from './config/config';
import type { BankUseCases } from './grpc/bank-handlers';
import type { PixKeyUseCases } from './grpc/pix-key-handlers';
import type { TransferServiceUseCases } from './grpc/transfer-handlers';
import type { DirectoryCache } from './persistence/directory-cache';
import type { HubTransactionRunner } from './persistence/hub-transaction-runner';
import { LeasedLookupAllowance } from './persistence/leased-lookup-allowance';
import { PostgresLookupBuckets } from './persistence/postgres-lookup-buckets';
import {
  CachedBankRepository,
  CachedPixKeyRepository,
  type DirectoryEntry,
} from './persistence/repositories/cached-repositories';
import { TypeOrmAccountRepository } from './persistence/repositories/typeorm-account-repository';
import { TypeOrmBankRepository } from './persistence/repositories/typeorm-bank-repository';
import { TypeOrmPixKeyRepository } from './persistence/repositories/typeorm-pix-key-repository';
import { TypeOrmSettlementQuery } from './persistence/repositories/typeorm-settlement-query';
import { TypeOrmTransferQuery } from './persistence/repositories/typeorm-transfer-query';
import type { TransferUseCases } from './relay/transfer-consumers';
import { TOKENS } from './tokens';

/**
 * All bindings. Use cases and adapters are plain classes (no decorators), built here by factories, so the
 * domain and application layers know nothing of inversify.
 */
export function buildContainer(deps: {
  config: Config;
  logger: Logger;
  dataSource: DataSource;
  cache: DirectoryCache<DirectoryEntry>;
}): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  const get = <T>(ctx: interfaces.Context, token: symbol) => ctx.container.get<T>(token);
  const banks = (ctx: interfaces.Context) => get<BankRepository>(ctx, TOKENS.BankRepository);
  const keys = (ctx: interfaces.Context) => get<PixKeyRepository>(ctx, TOKENS.PixKeyRepository);
  const clock = (ctx: interfaces.Context) => get<Clock>(ctx, TOKENS.Clock);

  c.bind(TOKENS.Config).toConstantValue(deps.config);
  c.bind(TOKENS.Logger).toConstantValue(deps.logger);
  c.bind(TOKENS.DataSource).toConstantValue(deps.dataSource);
  c.bind<Clock>(TOKENS.Clock).toConstantValue({ now: () => new Date() });
  c.bind<IdGenerator>(TOKENS.IdGenerator).toConstantValue({ uuid: randomUUID });
  c.bind<Hasher>(TOKENS.Hasher).toConstantValue({
    sha256: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
  });

  c.bind<BankRepository>(TOKENS.BankRepository).toConstantValue(
    new CachedBankRepository(new TypeOrmBankRepository(deps.dataSource), deps.cache),
  );
  c.bind<AccountRepository>(TOKENS.AccountRepository).toConstantValue(
    new TypeOrmAccountRepository(deps.dataSource),
  );
  c.bind<PixKeyRepository>(TOKENS.PixKeyRepository).toConstantValue(
    new CachedPixKeyRepository(new TypeOrmPixKeyRepository(deps.dataSource), deps.cache),
  );

  c.bind<SettlementQuery>(TOKENS.SettlementRepository).toConstantValue(
    new TypeOrmSettlementQuery(deps.dataSource),
  );
  c.bind<TransferQuery>(TOKENS.TransferQuery).toConstantValue(new TypeOrmTransferQuery(deps.dataSource));

  const { lookups } = deps.config;
  c.bind<LookupAllowance>(TOKENS.LookupAllowance).toConstantValue(
    new LeasedLookupAllowance(new PostgresLookupBuckets(deps.dataSource), lookups.lease, deps.logger),
  );
  const allowance = (ctx: interfaces.Context) => get<LookupAllowance>(ctx, TOKENS.LookupAllowance);

  c.bind(TOKENS.RegisterBank).toDynamicValue((ctx) => new RegisterBank(banks(ctx), clock(ctx), lookups));
  c.bind(TOKENS.ListBanks).toDynamicValue((ctx) => new ListBanks(banks(ctx)));
  c.bind(TOKENS.DeactivateBank).toDynamicValue((ctx) => new DeactivateBank(banks(ctx)));
  c.bind(TOKENS.RegisterPixKey).toDynamicValue(
    (ctx) =>
      new RegisterPixKey(
        banks(ctx),
        get<AccountRepository>(ctx, TOKENS.AccountRepository),
        keys(ctx),
        clock(ctx),
        get<IdGenerator>(ctx, TOKENS.IdGenerator),
      ),
  );
  c.bind(TOKENS.FindPixKey).toDynamicValue(
    (ctx) => new FindPixKey(banks(ctx), keys(ctx), allowance(ctx), lookups),
  );
  c.bind(TOKENS.GetLookupAllowance).toDynamicValue(
    (ctx) => new GetLookupAllowance(banks(ctx), allowance(ctx), lookups),
  );
  c.bind(TOKENS.DeletePixKey).toDynamicValue((ctx) => new DeletePixKey(banks(ctx), keys(ctx), clock(ctx)));
  c.bind(TOKENS.ListPixKeys).toDynamicValue((ctx) => new ListPixKeys(banks(ctx), keys(ctx)));

  const { transfers } = deps.config;
  c.bind(TOKENS.RequestTransfer).toDynamicValue(
    (ctx) =>
      new RequestTransfer(banks(ctx), keys(ctx), get<Hasher>(ctx, TOKENS.Hasher), clock(ctx), {
        maxAmount: Money.fromCents(transfers.maxAmountCents),
        deadlineMs: transfers.deadlineMs,
      }),
  );
  c.bind(TOKENS.ConfirmTransfer).toDynamicValue((ctx) => new ConfirmTransfer(clock(ctx)));
  c.bind(TOKENS.RejectTransfer).toDynamicValue((ctx) => new RejectTransfer(clock(ctx)));
  c.bind(TOKENS.CompleteTransfer).toDynamicValue((ctx) => new CompleteTransfer(clock(ctx)));
  c.bind(TOKENS.ExpireTransfers).toDynamicValue((ctx) => new ExpireTransfers(clock(ctx)));
  c.bind(TOKENS.ReportUnknownTransfer).toDynamicValue((ctx) => new ReportUnknownTransfer(clock(ctx)));
  c.bind(TOKENS.ResendConfirmations).toDynamicValue(
    (ctx) => new ResendConfirmations(clock(ctx), transfers.reminders),
  );
  const settlements = (ctx: interfaces.Context) => get<SettlementQuery>(ctx, TOKENS.SettlementRepository);
  const query = (ctx: interfaces.Context) => get<TransferQuery>(ctx, TOKENS.TransferQuery);
  c.bind(TOKENS.FundSettlementAccount).toDynamicValue(
    (ctx) => new FundSettlementAccount(banks(ctx), clock(ctx)),
  );
  c.bind(TOKENS.GetSettlementAccount).toDynamicValue(
    (ctx) => new GetSettlementAccount(banks(ctx), settlements(ctx)),
  );
  c.bind(TOKENS.SetNetDebitCap).toDynamicValue((ctx) => new SetNetDebitCap(banks(ctx)));
  c.bind(TOKENS.GetTransfer).toDynamicValue((ctx) => new GetTransfer(query(ctx)));
  c.bind(TOKENS.ListTransfers).toDynamicValue((ctx) => new ListTransfers(query(ctx)));
  return c;
}

export function pixKeyUseCases(c: Container): PixKeyUseCases {
  return {
    register: c.get(TOKENS.RegisterPixKey),
    find: c.get(TOKENS.FindPixKey),
    delete: c.get(TOKENS.DeletePixKey),
    list: c.get(TOKENS.ListPixKeys),
    allowance: c.get(TOKENS.GetLookupAllowance),
  };
}

/** This instance's lookup leases, for the hub to start their sweeper and give them back when it stops. */
export function lookupLeases(c: Container): LeasedLookupAllowance {
  return c.get(TOKENS.LookupAllowance);
}

export function bankUseCases(c: Container): Omit<BankUseCases, 'identities'> {
  return {
    register: c.get(TOKENS.RegisterBank),
    list: c.get(TOKENS.ListBanks),
    deactivate: c.get(TOKENS.DeactivateBank),
  };
}

export const bankRepository = (c: Container) => c.get<BankRepository>(TOKENS.BankRepository);

export function transferUseCases(
  c: Container,
): TransferUseCases & { expire: ExpireTransfers; resend: ResendConfirmations } {
  return {
    request: c.get(TOKENS.RequestTransfer),
    answer: new AnswerTransfer({
      confirm: c.get(TOKENS.ConfirmTransfer),
      reject: c.get(TOKENS.RejectTransfer),
      complete: c.get(TOKENS.CompleteTransfer),
      reportUnknown: c.get(TOKENS.ReportUnknownTransfer),
    }),
    expire: c.get(TOKENS.ExpireTransfers),
    resend: c.get(TOKENS.ResendConfirmations),
  };
}

export function transferServiceUseCases(c: Container, runner: HubTransactionRunner): TransferServiceUseCases {
  return {
    get: c.get(TOKENS.GetTransfer),
    list: c.get(TOKENS.ListTransfers),
    fund: runner.bind(c.get<FundSettlementAccount>(TOKENS.FundSettlementAccount)),
    settlement: c.get(TOKENS.GetSettlementAccount),
    setNetDebitCap: runner.bind(c.get<SetNetDebitCap>(TOKENS.SetNetDebitCap)),
  };
}
