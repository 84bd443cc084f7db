import type { DeactivateBank } from '../../application/use-cases/deactivate-bank';
import type { ListBanks } from '../../application/use-cases/list-banks';
import type { RegisterBank } from '../../application/use-cases/register-bank';
import type { BankServiceServer } from '../../gen/codepix/v1/bank';
import type { Logger } from '../logger';
import { bankToProto } from './proto-mapping';
import { unary } from './unary';

export interface BankUseCases {
  register: Pick<RegisterBank, 'execute'>;
  list: ListBanks;
  deactivate: DeactivateBank;
}

export function bankHandlers(useCases: BankUseCases, logger: Logger): BankServiceServer {
  return {
    registerBank: unary(logger, async (req) => bankToProto(await useCases.register.execute(req))),
    listBanks: unary(logger, async () => ({ banks: (await useCases.list.execute()).map(bankToProto) })),
    deactivateBank: unary(logger, async (req) => bankToProto(await useCases.deactivate.execute(req))),
  };
}
