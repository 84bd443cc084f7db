import type { DomainError, Ispb } from '../domain';

/**
 * A message that can never be applied, and why: its door dead-letters it with the error's code and
 * message, and `tell`, when set, is the bank that hears why (a bank never registered has no topic to
 * hear it on). Nothing was changed.
 */
export interface Refusal {
  kind: 'refused';
  error: DomainError;
  tell?: Ispb;
}

/**
 * What a use case run for a message did. `applied`: it stored or changed what the message was for (a
 * request stored as rejected counts). `ignored`: the message was for a state the transfer has moved
 * past (a late or repeated reply, a repeated request), and at most its current state was sent again.
 * A refusal is a result, not a throw: the rest of the batch goes on in the same unit of work.
 */
export type Outcome = 'applied' | 'ignored' | Refusal;

export const refusal = (error: DomainError, tell?: Ispb): Refusal => ({ kind: 'refused', error, tell });

export const isRefusal = (outcome: unknown): outcome is Refusal =>
  typeof outcome === 'object' && outcome !== null && (outcome as Refusal).kind === 'refused';
