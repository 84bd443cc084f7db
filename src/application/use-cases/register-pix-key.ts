import { Account, type AccountInput, Ispb, PixKey, PreconditionError, parseKeyKind } from '../../domain';
import { type PixKeyView, toPixKeyView } from '../pix-key-view';
import type { AccountRepository } from '../ports/account-repository';
import type { BankRepository } from '../ports/bank-repository';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { PixKeyRepository } from '../ports/pix-key-repository';
import { requireActiveBank } from '../require-active-bank';

export interface RegisterPixKeyInput {
  ispb: unknown;
  kind: unknown;
  key: unknown;
  account: Omit<AccountInput, 'ispb'>;
}

export class RegisterPixKey {
  constructor(
    private readonly banks: BankRepository,
    private readonly accounts: AccountRepository,
    private readonly pixKeys: PixKeyRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(input: RegisterPixKeyInput): Promise<PixKeyView> {
    // Like the other directory calls: the whole request is validated first, then the caller's standing.
    const ispb = Ispb.create(input.ispb);
    const candidate = Account.create({ ...input.account, ispb: ispb.value }, this.ids.uuid());
    const newKey = (account: Account) =>
      PixKey.register({
        id: this.ids.uuid(),
        kind: parseKeyKind(input.kind),
        value: input.key,
        generatedEvp: this.ids.uuid(),
        account,
        now: this.clock.now(),
      });
    newKey(candidate); // validates the key before anything is stored
    const bank = await requireActiveBank(this.banks, ispb.value);
    const account = await this.accounts.findOrAdd(candidate);
    if (account.props.ownerTaxId.value !== candidate.props.ownerTaxId.value) {
      throw new PreconditionError(
        'ACCOUNT.OWNER_MISMATCH',
        `account ${account.props.branch}/${account.props.number} belongs to another owner`,
      );
    }
    const key = newKey(account);
    await this.pixKeys.addWithinLimit(key, account.keyLimit);
    return toPixKeyView(key, bank.name);
  }
}
