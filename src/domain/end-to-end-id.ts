import { ValidationError } from './errors';
import { Ispb } from './ispb';
import { requireMatch } from './validation';

const PATTERN = /^([ED])(\d{8})(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})[A-Za-z0-9]{11}$/;

/** `E` names a transfer, `D` (devolução) a refund. */
export type EndToEndIdKind = 'transfer' | 'refund';

/**
 * `E` + debtor ISPB + `yyyyMMddHHmm` (UTC) + 11 alphanumerics: 32 characters. Made by the debtor bank;
 * also the idempotency key of a transfer request. A refund's id starts with `D` and carries the ISPB of
 * the refunding bank, which is the refund's debtor.
 */
export class EndToEndId {
  private constructor(
    readonly value: string,
    readonly kind: EndToEndIdKind,
    readonly debtorIspb: Ispb,
    readonly createdAt: Date,
  ) {}

  static create(value: unknown, field = 'end_to_end_id'): EndToEndId {
    const id = requireMatch(value, PATTERN, field, 'E or D + ISPB (8) + yyyyMMddHHmm + 11 alphanumerics');
    const [, prefix, ispb, y, mo, d, h, mi] = PATTERN.exec(id) as RegExpExecArray;
    const at = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi));
    const sameFields =
      at.getUTCFullYear() === +y &&
      at.getUTCMonth() === +mo - 1 &&
      at.getUTCDate() === +d &&
      at.getUTCHours() === +h;
    if (!sameFields || +mi > 59) throw new ValidationError(field, 'has an impossible date or time');
    return new EndToEndId(id, prefix === 'D' ? 'refund' : 'transfer', Ispb.create(ispb, field), at);
  }

  /** Whether `create` would take it. */
  static isValid(value: unknown): value is string {
    try {
      EndToEndId.create(value);
      return true;
    } catch (error) {
      if (error instanceof ValidationError) return false;
      throw error;
    }
  }

  toString(): string {
    return this.value;
  }
}
