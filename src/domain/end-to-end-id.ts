import { ValidationError } from './errors';
import { Ispb } from './ispb';
import { requireMatch } from './validation';

const PATTERN = /^E(\d{8})(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})[A-Za-z0-9]{11}$/;

/**
 * `E` + debtor ISPB + `yyyyMMddHHmm` (UTC) + 11 alphanumerics: 32 characters. Made by the debtor bank;
 * also the idempotency key of a transfer request.
 */
export class EndToEndId {
  private constructor(
    readonly value: string,
    readonly debtorIspb: Ispb,
    readonly createdAt: Date,
  ) {}

  static create(value: unknown, field = 'end_to_end_id'): EndToEndId {
    const id = requireMatch(value, PATTERN, field, 'E + ISPB (8) + yyyyMMddHHmm + 11 alphanumerics');
    const [, ispb, y, mo, d, h, mi] = PATTERN.exec(id) as RegExpExecArray;
    const at = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi));
    const sameFields =
      at.getUTCFullYear() === +y &&
      at.getUTCMonth() === +mo - 1 &&
      at.getUTCDate() === +d &&
      at.getUTCHours() === +h;
    if (!sameFields || +mi > 59) throw new ValidationError(field, 'has an impossible date or time');
    return new EndToEndId(id, Ispb.create(ispb, field), at);
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
