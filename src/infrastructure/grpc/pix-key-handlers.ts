import { actingBank } from '../../application/access';
import type { DeletePixKey } from '../../application/use-cases/delete-pix-key';
import type { FindPixKey } from '../../application/use-cases/find-pix-key';
import type { GetLookupAllowance } from '../../application/use-cases/get-lookup-allowance';
import type { ListPixKeys } from '../../application/use-cases/list-pix-keys';
import type { RegisterPixKey } from '../../application/use-cases/register-pix-key';
import type { PixKeyServiceServer } from '../../gen/codepix/v1/pix_key';
import { accountInputFromProto, keyKindFromProto } from '../proto/enum-mapping';
import { endUserOf } from './call-metadata';
import { lookupAllowanceToProto, pixKeyToProto } from './proto-mapping';
import { type Door, unary } from './unary';

export interface PixKeyUseCases {
  register: RegisterPixKey;
  find: FindPixKey;
  delete: DeletePixKey;
  list: ListPixKeys;
  allowance: GetLookupAllowance;
}

/** Every directory call is a bank's, acting for itself: the ISPB is its certificate's. */
export function pixKeyHandlers(useCases: PixKeyUseCases, door: Door): PixKeyServiceServer {
  return {
    registerPixKey: unary(door, async (req, caller) => {
      const view = await useCases.register.execute({
        ispb: actingBank(caller, req.ispb),
        kind: keyKindFromProto(req.kind),
        key: req.key,
        account: accountInputFromProto(req.account),
      });
      return pixKeyToProto(view);
    }),
    findPixKey: unary(door, async (req, caller, metadata) =>
      pixKeyToProto(
        await useCases.find.execute({
          participantIspb: actingBank(caller, req.ispb),
          endUserTaxId: endUserOf(metadata),
          key: req.key,
        }),
      ),
    ),
    deletePixKey: unary(door, async (req, caller) => {
      await useCases.delete.execute({ ...req, ispb: actingBank(caller, req.ispb) });
      return {};
    }),
    listPixKeys: unary(door, async (req, caller) => ({
      keys: (await useCases.list.execute({ ...req, ispb: actingBank(caller, req.ispb) })).map(pixKeyToProto),
    })),
    getLookupAllowance: unary(door, async (req, caller, metadata) =>
      lookupAllowanceToProto(
        await useCases.allowance.execute({
          participantIspb: actingBank(caller, req.ispb),
          endUserTaxId: endUserOf(metadata),
        }),
      ),
    ),
  };
}
