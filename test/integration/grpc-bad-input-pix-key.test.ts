import fc from 'fast-check';
import { KeyKind } from '../../src/gen/codepix/v1/common';
import {
  DeletePixKeyRequest,
  FindPixKeyRequest,
  GetLookupAllowanceRequest,
  ListPixKeysRequest,
  PixKeyServiceService,
  RegisterPixKeyRequest,
} from '../../src/gen/codepix/v1/pix_key';
import { describeBadInput, expectStaysUp, methodsOf, useBadInputHub } from '../support/grpc-bad-input';
import { account, encoded, enumField, ispb, pixKey, text } from '../support/grpc-bad-input-arbitraries';

/**
 * Bad input at the hub's gRPC door, PixKeyService: random, malformed and undecodable requests to each
 * method get a fitting status with a stable code, never UNKNOWN or INTERNAL (test/support/grpc-bad-input.ts).
 */
const METHODS = methodsOf('PixKeyService', PixKeyServiceService, {
  registerPixKey: encoded(RegisterPixKeyRequest, {
    ispb,
    kind: enumField(KeyKind.KEY_KIND_EVP),
    key: pixKey,
    account,
  }),
  findPixKey: encoded(FindPixKeyRequest, { ispb, key: pixKey }),
  deletePixKey: encoded(DeletePixKeyRequest, { ispb, key: pixKey }),
  listPixKeys: encoded(ListPixKeysRequest, {
    ispb,
    branch: text(fc.constantFrom('1', '0001')),
    accountNumber: text(fc.stringMatching(/^\d{1,20}$/)),
  }),
  getLookupAllowance: encoded(GetLookupAllowanceRequest, { ispb }),
});

const hub = useBadInputHub('grpc_bad_input_pix_key');

it('covers every method of PixKeyService', () => {
  expect(METHODS.map(([service, method]) => `${service}.${method}`)).toEqual([
    'PixKeyService.registerPixKey',
    'PixKeyService.findPixKey',
    'PixKeyService.deletePixKey',
    'PixKeyService.listPixKeys',
    'PixKeyService.getLookupAllowance',
  ]);
  for (const [, , , typed] of METHODS) expect(typed).toBeDefined();
});

describeBadInput(hub, METHODS);

it('stays up: health SERVING and a valid call still succeed', () => expectStaysUp(hub));
