import type { Account } from './account';
import { PreconditionError, ValidationError } from './errors';
import { type KeyKind, normaliseKey } from './pix-key-value';

export type PixKeyStatus = 'active' | 'deleted';

export interface PixKeyProps {
  id: string;
  kind: KeyKind;
  key: string;
  account: Account;
  status: PixKeyStatus;
  createdAt: Date;
  deletedAt?: Date;
}

export interface NewPixKey {
  id: string;
  kind: KeyKind;
  /** The caller's value; must be empty for evp, where `generatedEvp` is used. */
  value: unknown;
  generatedEvp: string;
  account: Account;
  now: Date;
}

/** An alias for one account. Unique among active keys hub-wide (enforced by the repository). */
export class PixKey {
  private constructor(private props: PixKeyProps) {}

  static register(input: NewPixKey): PixKey {
    if (input.kind === 'evp' && input.value !== undefined && input.value !== null && input.value !== '') {
      throw new ValidationError('key', 'must be empty for evp keys: the hub generates them');
    }
    const key = normaliseKey(input.kind, input.kind === 'evp' ? input.generatedEvp : input.value);
    const owner = input.account.props.ownerTaxId;
    if (
      (input.kind === 'cpf' || input.kind === 'cnpj') &&
      (owner.kind !== input.kind || owner.value !== key)
    ) {
      throw new PreconditionError(
        'PIX_KEY.OWNER_MISMATCH',
        `a ${input.kind} key must be the account owner's ${input.kind}`,
      );
    }
    return new PixKey({
      id: input.id,
      kind: input.kind,
      key,
      account: input.account,
      status: 'active',
      createdAt: input.now,
    });
  }

  static restore(props: PixKeyProps): PixKey {
    return new PixKey({ ...props });
  }

  get id(): string {
    return this.props.id;
  }
  get kind(): KeyKind {
    return this.props.kind;
  }
  get key(): string {
    return this.props.key;
  }
  get account(): Account {
    return this.props.account;
  }
  get status(): PixKeyStatus {
    return this.props.status;
  }
  get createdAt(): Date {
    return this.props.createdAt;
  }
  get deletedAt(): Date | undefined {
    return this.props.deletedAt;
  }

  /** Deleting frees the key: it can be registered again, by anyone. */
  delete(now: Date): void {
    if (this.props.status === 'deleted') {
      throw new PreconditionError('PIX_KEY.ALREADY_DELETED', `key ${this.props.key} is already deleted`);
    }
    this.props.status = 'deleted';
    this.props.deletedAt = now;
  }
}
