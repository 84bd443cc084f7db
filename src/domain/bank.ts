import { PreconditionError } from './errors';
import { Ispb } from './ispb';
import { BANK_NAME_CHARS_MAX } from './limits';
import { requireMatch, requireText } from './validation';

export interface BankProps {
  ispb: Ispb;
  name: string;
  active: boolean;
  createdAt: Date;
  /**
   * Which row of the lookup table sizes its directory buckets (DICT's categories A-H): one capital
   * letter. Absent means the hub's default category.
   */
  lookupCategory?: string;
}

/** A participant of the hub. Deactivated banks keep their history but can do nothing new. */
export class Bank {
  private constructor(private props: BankProps) {}

  static register(input: { ispb: unknown; name: unknown; lookupCategory?: unknown }, now: Date): Bank {
    const category = input.lookupCategory;
    return new Bank({
      ispb: Ispb.create(input.ispb),
      name: requireText(input.name, 'name', BANK_NAME_CHARS_MAX),
      active: true,
      createdAt: now,
      // proto3 sends '' for a field left out: that is "the default", not a malformed category.
      lookupCategory:
        category === undefined || category === ''
          ? undefined
          : requireMatch(category, /^[A-Z]$/, 'lookup_category', 'one capital letter (A-Z)'),
    });
  }

  static restore(props: BankProps): Bank {
    return new Bank({ ...props });
  }

  get ispb(): Ispb {
    return this.props.ispb;
  }
  get name(): string {
    return this.props.name;
  }
  get active(): boolean {
    return this.props.active;
  }
  get createdAt(): Date {
    return this.props.createdAt;
  }
  get lookupCategory(): string | undefined {
    return this.props.lookupCategory;
  }

  /** A copy of the state, for persistence and caches. */
  get snapshot(): BankProps {
    return { ...this.props };
  }

  deactivate(): void {
    this.props.active = false;
  }

  assertActive(): void {
    if (!this.props.active)
      throw new PreconditionError('BANK.INACTIVE', `bank ${this.ispb.value} is inactive`);
  }
}
