import { readableBank, requireOperator, requireParty, transferListScope } from '../../application/access';
import type { FundSettlementAccountInput } from '../../application/use-cases/fund-settlement-account';
import type { GetSettlementAccount } from '../../application/use-cases/get-settlement-account';
import type { GetSettlementStatement } from '../../application/use-cases/get-settlement-statement';
import type { GetTransfer } from '../../application/use-cases/get-transfer';
import type { ListTransfers } from '../../application/use-cases/list-transfers';
import { type SettlementAccount, ValidationError } from '../../domain';
import type {
  SettlementAccount as ProtoSettlementAccount,
  TransferServiceServer,
} from '../../gen/codepix/v1/transfer';
import { statusFromProto, transferToProto } from '../proto/transfer-mapping';
import { type Door, unary } from './unary';

/** A write use case as the door calls it: the transaction runner gives each call its unit of work. */
interface Command<I, O> {
  execute(input: I): Promise<O>;
}

/** What TransferService serves: reads of transfers, and a bank's settlement account (read, funded, capped). */
export interface TransferServiceUseCases {
  get: GetTransfer;
  list: ListTransfers;
  fund: Command<FundSettlementAccountInput, SettlementAccount>;
  settlement: GetSettlementAccount;
  setNetDebitCap: Command<{ ispb: unknown; netDebitCap: unknown }, SettlementAccount>;
  statement: GetSettlementStatement;
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

/**
 * Transfers (read only: they are made and moved over Kafka) and the settlement accounts. A bank sees the transfers it is party to and
 * its own settlement account; funding and caps are the operator's.
 */
export function transferHandlers(useCases: TransferServiceUseCases, door: Door): TransferServiceServer {
  return {
    getTransfer: unary(door, async (req, caller) => {
      const { transfer, refunded } = await useCases.get.execute(req);
      const { debtorIspb, creditorIspb } = transfer.snapshot;
      requireParty(caller, [debtorIspb.value, creditorIspb?.value]);
      return transferToProto(transfer, refunded);
    }),
    listTransfers: unary(door, async (req, caller) => {
      const status = req.status ? statusFromProto(req.status) : '';
      if (status === undefined) throw new ValidationError('status', 'is not a transfer status');
      const page = await useCases.list.execute({
        ispb: transferListScope(caller, req.ispb),
        status,
        createdFrom: req.createdFrom,
        createdTo: req.createdTo,
        updatedBefore: req.updatedBefore,
        reconciliationOnly: req.reconciliationOnly,
        pageSize: req.pageSize,
        pageToken: req.pageToken,
      });
      const transfers = page.transfers.map((t) => transferToProto(t.transfer, t.refunded));
      return { transfers, nextPageToken: page.nextCursor ?? '' };
    }),
    fundSettlementAccount: unary(door, async (req, caller) => {
      requireOperator(caller);
      return settlementToProto(
        await useCases.fund.execute({
          ispb: req.ispb,
          amount: req.amount,
          idempotencyKey: req.idempotencyKey || undefined,
        }),
      );
    }),
    getSettlementStatement: unary(door, async (req, caller) => {
      const statement = await useCases.statement.execute({
        ispb: readableBank(caller, req.ispb),
        limit: req.limit,
      });
      return {
        account: settlementToProto(statement.account),
        entries: statement.entries.map((e) => ({
          kind: e.kind,
          amount: e.amount.cents,
          endToEndId: e.endToEndId ?? '',
          reference: e.idempotencyKey ?? '',
          balanceAfter: e.balanceAfter,
          reservedAfter: e.reservedAfter.cents,
          at: e.at,
        })),
        tariffs: statement.tariffs,
      };
    }),
    getSettlementAccount: unary(door, async (req, caller) =>
      settlementToProto(await useCases.settlement.execute({ ispb: readableBank(caller, req.ispb) })),
    ),
    setNetDebitCap: unary(door, async (req, caller) => {
      requireOperator(caller);
      return settlementToProto(await useCases.setNetDebitCap.execute(req));
    }),
  };
}
