import { ValidationError } from './errors';

/** Returns the value when it is a string matching `pattern`; throws a ValidationError naming `field` otherwise. */
export function requireMatch(value: unknown, pattern: RegExp, field: string, expected: string): string {
  if (typeof value !== 'string' || value === '') throw new ValidationError(field, 'is required');
  if (!pattern.test(value)) throw new ValidationError(field, `must be ${expected}`);
  return value;
}

export function requireText(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError(field, 'is required');
  const text = value.trim();
  if (text.includes('\u0000')) throw new ValidationError(field, 'must not contain NUL characters');
  if (text.length > maxLength) throw new ValidationError(field, `must be at most ${maxLength} characters`);
  return text;
}
