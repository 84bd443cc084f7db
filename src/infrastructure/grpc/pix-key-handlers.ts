import type { DeletePixKey } from '../../application/use-cases/delete-pix-key';
import type { FindPixKey } from '../../application/use-cases/find-pix-key';
import type { ListPixKeys } from '../../application/use-cases/list-pix-keys';
import type { RegisterPixKey } from '../../application/use-cases/register-pix-key';
import type { PixKeyServiceServer } from '../../gen/codepix/v1/pix_key';
import type { Logger } from '../logger';
import { accountTypeFromProto, keyKindFromProto, pixKeyToProto } from './proto-mapping';
import { unary } from './unary';

export interface PixKeyUseCases {
  register: RegisterPixKey;
  find: FindPixKey;
  delete: DeletePixKey;
  list: ListPixKeys;
}

export function pixKeyHandlers(useCases: PixKeyUseCases, logger: Logger): PixKeyServiceServer {
  return {
    registerPixKey: unary(logger, async (req) => {
      const account = req.account;
      const view = await useCases.register.execute({
        ispb: req.ispb,
        kind: keyKindFromProto(req.kind),
        key: req.key,
        account: {
          branch: account?.branch,
          number: account?.number,
          type: account && accountTypeFromProto(account.type),
          ownerName: account?.ownerName,
          ownerTaxId: account?.ownerTaxId,
        },
      });
      return pixKeyToProto(view);
    }),
    findPixKey: unary(logger, async (req) => pixKeyToProto(await useCases.find.execute(req))),
    deletePixKey: unary(logger, async (req) => {
      await useCases.delete.execute(req);
      return {};
    }),
    listPixKeys: unary(logger, async (req) => ({
      keys: (await useCases.list.execute(req)).map(pixKeyToProto),
    })),
  };
}
