import type { Claim } from '../../domain';
import type { ReasonedClaimStep } from '../claim-step';
import type { ClaimUnitOfWork } from '../ports/claim-unit-of-work';
import { AcknowledgeClaim } from '../use-cases/acknowledge-claim';
import { CancelClaim } from '../use-cases/cancel-claim';
import { CancelUnansweredClaims } from '../use-cases/cancel-unanswered-claims';
import { CompleteClaim } from '../use-cases/complete-claim';
import { ConfirmClaim } from '../use-cases/confirm-claim';
import { CreateClaim } from '../use-cases/create-claim';
import { GetClaim } from '../use-cases/get-claim';
import { ListClaims } from '../use-cases/list-claims';
import { BANK_A, BANK_B, directoryWithRegistration, PERSON } from './directory-fixture';
import { InMemoryClaimStore } from './in-memory-claims';

export const RESOLUTION_MS = 7 * 24 * 3_600_000;
export const EMAIL = 'maria@example.com';
export const PHONE = '+5511987654321';
/** Maria again, at bank B: a portability's claimer account. */
export const PERSON_AT_B = { ...PERSON, number: '555' };
/** João at bank B: an ownership claimer. */
export const OTHER_AT_B = { ...PERSON, number: '777', ownerName: 'João Lima', ownerTaxId: '11144477735' };

/**
 * Banks A (the donor: Maria's email and phone keys on PERSON's account there), B (the claimer) and C
 * (inactive), the claim use cases on one in-memory store, and a step helper for each that runs it in a
 * unit of work of its own as the gRPC door does.
 */
export async function claimFixture() {
  const f = await directoryWithRegistration();
  await f.register('email', EMAIL);
  await f.register('phone', PHONE);
  const store = new InMemoryClaimStore(f.accounts, f.pixKeys);
  const useCases = {
    create: new CreateClaim(f.banks, f.clock, f.ids),
    acknowledge: new AcknowledgeClaim(f.banks, f.clock, RESOLUTION_MS),
    confirm: new ConfirmClaim(f.banks, f.clock),
    cancel: new CancelClaim(f.banks, f.clock),
    complete: new CompleteClaim(f.banks, f.clock, f.ids),
    sweep: new CancelUnansweredClaims(f.clock),
  };
  type Step = { execute(uow: ClaimUnitOfWork, input: ReasonedClaimStep): Promise<Claim> };
  const step = (useCase: Step) => (claimId: unknown, ispb: unknown, reason?: unknown) =>
    store.run((uow) => useCase.execute(uow, { ispb, claimId, reason }));
  return {
    ...f,
    store,
    get: new GetClaim(store),
    list: new ListClaims(store),
    create: (
      kind: unknown,
      key: unknown = EMAIL,
      account: typeof PERSON = PERSON_AT_B,
      ispb: unknown = BANK_B.ispb,
    ) => store.run((uow) => useCases.create.execute(uow, { ispb, kind, key, account })),
    acknowledge: step(useCases.acknowledge),
    confirm: step(useCases.confirm),
    cancel: step(useCases.cancel),
    complete: step(useCases.complete),
    sweep: (limit = 100) => store.run((uow) => useCases.sweep.execute(uow, limit)),
    donor: BANK_A.ispb,
    claimer: BANK_B.ispb,
  };
}
