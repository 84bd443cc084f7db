import fc from 'fast-check';
import {
  BankServiceService,
  DeactivateBankRequest,
  ListBanksRequest,
  RegisterBankRequest,
} from '../../src/gen/codepix/v1/bank';
import { describeBadInput, expectStaysUp, methodsOf, useBadInputHub } from '../support/grpc-bad-input';
import { ACTIVE, encoded, text } from '../support/grpc-bad-input-arbitraries';

/**
 * Bad input at the hub's gRPC door, BankService: random, malformed and undecodable requests to each
 * method get a fitting status with a stable code, never UNKNOWN or INTERNAL (test/support/grpc-bad-input.ts).
 */
const METHODS = methodsOf('BankService', BankServiceService, {
  registerBank: encoded(RegisterBankRequest, {
    ispb: text(fc.stringMatching(/^\d{8}$/), fc.constantFrom(ACTIVE)),
    name: text(fc.constantFrom('Banco Novo', ' Banco  Novo ')),
  }),
  listBanks: encoded(ListBanksRequest, {}),
  deactivateBank: encoded(DeactivateBankRequest, { ispb: text(fc.constantFrom('99999999', '44444444')) }),
});

const hub = useBadInputHub('grpc_bad_input_bank');

it('covers every method of BankService', () => {
  expect(METHODS.map(([service, method]) => `${service}.${method}`)).toEqual([
    'BankService.registerBank',
    'BankService.listBanks',
    'BankService.deactivateBank',
  ]);
  for (const [, , , typed] of METHODS) expect(typed).toBeDefined();
});

describeBadInput(hub, METHODS);

it('stays up: health SERVING and a valid call still succeed', () => expectStaysUp(hub));
