import { requireMatch } from './validation';

/** A participant bank's identifier at the central bank: 8 digits. */
export class Ispb {
  private constructor(readonly value: string) {}

  static create(value: unknown, field = 'ispb'): Ispb {
    return new Ispb(requireMatch(value, /^\d{8}$/, field, '8 digits'));
  }

  equals(other: Ispb): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
