import {
  Account,
  type AccountInput,
  AlreadyExistsError,
  Claim,
  Ispb,
  NotFoundError,
  PreconditionError,
  parseClaimKind,
} from '../../domain';
import type { BankRepository } from '../ports/bank-repository';
import type { ClaimUnitOfWork } from '../ports/claim-unit-of-work';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import { requireActiveBank } from '../require-active-bank';
import { parseAnyKey } from './find-pix-key';

export interface CreateClaimInput {
  /** The claimer bank: the caller's. */
  ispb: unknown;
  kind: unknown;
  key: unknown;
  /** The account at the claimer bank the key is to point to. */
  account: Omit<AccountInput, 'ispb'>;
}

/**
 * The claimer bank opens a claim on an active key; the donor bank (the key's) hears of it. The key's
 * row lock makes concurrent claims on one key queue, so only one of them finds no open claim.
 */
export class CreateClaim {
  constructor(
    private readonly banks: BankRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(uow: ClaimUnitOfWork, input: CreateClaimInput): Promise<Claim> {
    // The whole request is validated first, then the caller's standing, as the directory calls do.
    const ispb = Ispb.create(input.ispb);
    const kind = parseClaimKind(input.kind);
    const value = parseAnyKey(input.key);
    const candidate = Account.create({ ...input.account, ispb: ispb.value }, this.ids.uuid());
    await requireActiveBank(this.banks, ispb.value);
    const key = await uow.lockActiveKey(value);
    if (!key) throw new NotFoundError('PIX_KEY.NOT_FOUND', `no active key ${value}`);
    const claimer = await uow.findOrAddAccount(candidate);
    if (claimer.props.ownerTaxId.value !== candidate.props.ownerTaxId.value) {
      throw new PreconditionError(
        'ACCOUNT.OWNER_MISMATCH',
        `account ${claimer.props.branch}/${claimer.props.number} belongs to another owner`,
      );
    }
    const claim = Claim.open({
      id: this.ids.uuid(),
      kind,
      keyKind: key.kind,
      key: key.key,
      claimer,
      donor: key.account,
      now: this.clock.now(),
    });
    if (await uow.hasOpenClaim(key.key)) {
      throw new AlreadyExistsError('CLAIM.ALREADY_OPEN', `key ${value} has an open claim already`);
    }
    if ((await uow.activeKeyCount(claimer)) >= claimer.keyLimit) {
      throw new PreconditionError(
        'PIX_KEY.LIMIT_REACHED',
        `the account already has ${claimer.keyLimit} active keys`,
      );
    }
    uow.addClaim(claim);
    uow.send(key.account.props.ispb, claim);
    return claim;
  }
}
