import { ValidationError } from '../errors';

// Spec-only helpers (the build leaves src/**/testing out); like the rest of src/domain they import only
// src/domain.

/** Runs `fn`, expecting it to throw; returns what it threw. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, got a value');
}

/** Runs `fn`, expecting a ValidationError, and returns it; anything else thrown is rethrown. */
export function refusal(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

/** Expects `fn` to refuse its input with the plain invalid-field ValidationError on `field`. */
export function expectRefusal(fn: () => unknown, field: string): void {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(ValidationError);
  expect(error).toMatchObject({ field, kind: 'invalid', code: 'VALIDATION.INVALID_FIELD' });
}
