import type { KnownCertificate } from '../../../lib/security/message-verifier';
import { readableBank, requireOperator } from '../../application/access';
import type { DeactivateBank } from '../../application/use-cases/deactivate-bank';
import type { ListBanks } from '../../application/use-cases/list-banks';
import type { RegisterBank } from '../../application/use-cases/register-bank';
import type { BankServiceServer, Certificate } from '../../gen/codepix/v1/bank';
import type { ParticipantIdentities } from '../security/participant-identities';
import { bankToProto } from './proto-mapping';
import { type Door, unary } from './unary';

export interface BankUseCases {
  register: Pick<RegisterBank, 'execute'>;
  list: ListBanks;
  deactivate: DeactivateBank;
  identities: ParticipantIdentities;
}

function certificateToProto(known: KnownCertificate): Certificate {
  return {
    serial: known.identity.serial,
    role: known.identity.role,
    name: known.identity.name,
    certificatePem: known.certificate.toString(),
    notAfter: new Date(known.certificate.validTo),
    revokedAt: known.revokedAt,
  };
}

/** Administration is the operator's; any participant may list banks and read a certificate. */
export function bankHandlers(useCases: BankUseCases, door: Door): BankServiceServer {
  const { identities } = useCases;
  return {
    registerBank: unary(door, async (req, caller) => {
      requireOperator(caller);
      return bankToProto(await useCases.register.execute(req));
    }),
    listBanks: unary(door, async () => ({ banks: (await useCases.list.execute()).map(bankToProto) })),
    deactivateBank: unary(door, async (req, caller) => {
      requireOperator(caller);
      return bankToProto(await useCases.deactivate.execute(req));
    }),
    issueCertificate: unary(door, async (req, caller) => {
      requireOperator(caller);
      return certificateToProto(await identities.issue(req));
    }),
    revokeCertificate: unary(door, async (req, caller) => {
      requireOperator(caller);
      return certificateToProto(await identities.revoke(req));
    }),
    getCertificate: unary(door, async (req) => certificateToProto(await identities.get(req))),
    listCertificates: unary(door, async (req, caller) => ({
      certificates: (await identities.list({ ispb: readableBank(caller, req.ispb) })).map(certificateToProto),
    })),
  };
}
