import { ValidationError } from './errors';

/** Length in characters (code points), as Postgres varchar counts it: not in UTF-16 units. */
export function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** The first `max` characters (code points) of `text`: never half of a surrogate pair. */
export function truncateChars(text: string, max: number): string {
  return charCount(text) <= max ? text : [...text].slice(0, max).join('');
}

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
  if (charCount(text) > maxLength)
    throw new ValidationError(field, `must be at most ${maxLength} characters`);
  return text;
}
