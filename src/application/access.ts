import { ForbiddenError, Ispb } from '../domain';

/**
 * Who is calling, as the door established it: a bank (its ISPB from its verified certificate), the
 * operator, or, with security off, anyone, trusted to be whoever its request says.
 */
export type Caller = { role: 'bank'; ispb: string } | { role: 'operator' } | { role: 'anyone' };

export const ANYONE: Caller = { role: 'anyone' };

const denied = (message: string) => new ForbiddenError('AUTH.PERMISSION_DENIED', message);

/** Administration: registering, funding, capping, deactivating banks; issuing and revoking identities. */
export function requireOperator(caller: Caller): void {
  if (caller.role === 'bank') throw denied('this call needs the operator certificate');
}

/**
 * The bank a bank-only call acts for: the caller's own. A request may name it (`ispb`), and naming
 * another is refused: the ISPB comes from the certificate, never from the request.
 */
export function actingBank(caller: Caller, named: unknown, field = 'ispb'): string {
  if (caller.role === 'operator') throw denied('this call is made by a bank, with its own certificate');
  if (caller.role === 'anyone') return Ispb.create(named, field).value;
  if (named !== undefined && named !== '' && named !== caller.ispb) {
    throw denied(`a bank acts only for itself: ${field} must be ${caller.ispb} or empty`);
  }
  return caller.ispb;
}

/** Reads of one bank's data (its settlement account, its certificates): that bank or the operator. */
export function readableBank(caller: Caller, named: unknown, field = 'ispb'): string {
  if (caller.role !== 'bank') return Ispb.create(named, field).value;
  return actingBank(caller, named, field);
}

/** A transfer is seen by the operator and by the two banks party to it. */
export function requireParty(caller: Caller, parties: readonly (string | undefined)[]): void {
  if (caller.role === 'bank' && !parties.includes(caller.ispb)) {
    throw denied('a bank sees only the transfers it is party to');
  }
}

/** A bank's list of transfers is always its own: the filter defaults to it, and may not name another. */
export function transferListScope(caller: Caller, named: unknown): string | undefined {
  if (caller.role !== 'bank') return named === undefined || named === '' ? undefined : String(named);
  return actingBank(caller, named);
}
