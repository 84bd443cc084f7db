import fc from 'fast-check';
import {
  BankServiceService,
  DeactivateBankRequest,
  GetCertificateRequest,
  IssueCertificateRequest,
  ListBanksRequest,
  ListCertificatesRequest,
  RegisterBankRequest,
  RevokeCertificateRequest,
} from '../../src/gen/codepix/v1/bank';
import { describeBadInput, expectStaysUp, methodsOf, useBadInputHub } from '../support/grpc-bad-input';
import { ACTIVE, encoded, OTHER, text } from '../support/grpc-bad-input-arbitraries';

/** A well-formed P-256 public key, so issuing gets past the key check now and then. */
const PUBLIC_KEY_PEM = [
  '-----BEGIN PUBLIC KEY-----',
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEUs0Sn8e1hUfeQYQd/8GkjYfzosa',
  'KKjf6CEPBM0AuuQYQ0Syry8AKAs64hpxvGeMlTZbJ8xiA4VbsGcmJeCSaw==',
  '-----END PUBLIC KEY-----',
].join('\n');

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
  issueCertificate: encoded(IssueCertificateRequest, {
    ispb: text(fc.constantFrom(ACTIVE, '99999999')),
    publicKeyPem: text(fc.constantFrom(PUBLIC_KEY_PEM, PUBLIC_KEY_PEM.replace('A', 'B'))),
  }),
  revokeCertificate: encoded(RevokeCertificateRequest, {
    serial: text(fc.stringMatching(/^[0-9a-f]{32}$/)),
    reason: text(fc.constantFrom('key lost')),
  }),
  getCertificate: encoded(GetCertificateRequest, { serial: text(fc.stringMatching(/^[0-9a-f]{1,40}$/)) }),
  listCertificates: encoded(ListCertificatesRequest, { ispb: text(fc.constantFrom(ACTIVE, OTHER)) }),
});

const hub = useBadInputHub('grpc_bad_input_bank');

it('covers every method of BankService', () => {
  expect(METHODS.map(([service, method]) => `${service}.${method}`)).toEqual([
    'BankService.registerBank',
    'BankService.listBanks',
    'BankService.deactivateBank',
    'BankService.issueCertificate',
    'BankService.revokeCertificate',
    'BankService.getCertificate',
    'BankService.listCertificates',
  ]);
  for (const [, , , typed] of METHODS) expect(typed).toBeDefined();
});

describeBadInput(hub, METHODS);

it('stays up: health SERVING and a valid call still succeed', () => expectStaysUp(hub));
