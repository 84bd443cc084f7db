/**
 * A broken invariant: a bug in this code, or a row changed behind its back. Never an expected refusal
 * (those are DomainErrors, which every door turns into an answer); nothing catches it on purpose, so
 * the unit of work it happens in rolls back and the error is seen.
 */
export class InvariantViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantViolation';
  }
}

/** Throws an InvariantViolation when `condition` is false: a statement of what must hold, checked. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}
