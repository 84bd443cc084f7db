import { requireMatch } from './validation';

const PATTERN = /^\d{8}$/;

/** A participant bank's identifier at the central bank: 8 digits. */
export class Ispb {
  private constructor(readonly value: string) {}

  static create(value: unknown, field = 'ispb'): Ispb {
    return new Ispb(requireMatch(value, PATTERN, field, '8 digits'));
  }

  /** Whether `create` would take it. */
  static isValid(value: unknown): value is string {
    return typeof value === 'string' && PATTERN.test(value);
  }

  equals(other: Ispb): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
