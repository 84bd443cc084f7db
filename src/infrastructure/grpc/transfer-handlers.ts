import type { FundSettlementAccount } from '../../application/use-cases/fund-settlement-account';
import type { GetSettlementAccount } from '../../application/use-cases/get-settlement-account';
import type { GetTransfer } from '../../application/use-cases/get-transfer';
import type { ListTransfers } from '../../application/use-cases/list-transfers';
import type { SetNetDebitCap } from '../../application/use-cases/set-net-debit-cap';
import { type SettlementAccount, ValidationError } from '../../domain';
import type {
  SettlementAccount as ProtoSettlementAccount,
  TransferServiceServer,
} from '../../gen/codepix/v1/transfer';
import type { Logger } from '../logger';
import { statusFromProto, transferToProto } from '../proto/transfer-mapping';
import { unary } from './unary';

export interface TransferReadUseCases {
  get: GetTransfer;
  list: ListTransfers;
  fund: FundSettlementAccount;
  settlement: GetSettlementAccount;
  setNetDebitCap: SetNetDebitCap;
}

function settlementToProto(account: SettlementAccount): ProtoSettlementAccount {
  const a = account.snapshot;
  return {
    ispb: a.ispb.value,
    balance: a.balance,
    reserved: a.reserved.cents,
    netDebitCap: a.netDebitCap.cents,
    available: account.available,
  };
}

/** The read side of transfers and the settlement accounts. */
export function transferHandlers(useCases: TransferReadUseCases, logger: Logger): TransferServiceServer {
  return {
    getTransfer: unary(logger, async (req) => transferToProto(await useCases.get.execute(req))),
    listTransfers: unary(logger, async (req) => {
      const status = req.status ? statusFromProto(req.status) : '';
      if (status === undefined) throw new ValidationError('status', 'is not a transfer status');
      const page = await useCases.list.execute({
        ispb: req.ispb,
        status,
        createdFrom: req.createdFrom,
        createdTo: req.createdTo,
        pageSize: req.pageSize,
        pageToken: req.pageToken,
      });
      return { transfers: page.transactions.map(transferToProto), nextPageToken: page.nextCursor ?? '' };
    }),
    fundSettlementAccount: unary(logger, async (req) =>
      settlementToProto(
        await useCases.fund.execute({
          ispb: req.ispb,
          amount: req.amount,
          idempotencyKey: req.idempotencyKey || undefined,
        }),
      ),
    ),
    getSettlementAccount: unary(logger, async (req) =>
      settlementToProto(await useCases.settlement.execute(req)),
    ),
    setNetDebitCap: unary(logger, async (req) =>
      settlementToProto(await useCases.setNetDebitCap.execute(req)),
    ),
  };
}
