import { ApiError } from '../shared/api.js';

/**
 * What the bank's answers mean, in the words of a customer: its error codes, transfer states, the
 * hub's rejection reasons and claim states. A code not listed falls back on the status's words.
 */

const ERRORS: Record<string, string> = {
  'AUTH.BAD_CREDENTIALS': 'That tax id and password do not match. Check them and try again.',
  'AUTH.TOO_MANY_ATTEMPTS': 'Too many tries. For your safety, wait a few minutes before trying again.',
  'AUTH.REQUIRED': 'Your session has ended. Please log in again.',
  'AUTH.FORBIDDEN': 'That account is not yours, so we cannot show it.',
  'BANK.BUSY': 'The bank is very busy right now. Nothing was sent: please try again in a few seconds.',
  'DATABASE.UNAVAILABLE': 'The bank is having trouble right now. Nothing was done: please try again shortly.',
  'ACCOUNT.INSUFFICIENT_FUNDS': 'Your available balance is not enough for this amount.',
  'ACCOUNT.CLOSED': 'This account is closed.',
  'ACCOUNT.NOT_FOUND': 'We could not find that account.',
  'ACCOUNT.FUNDS_ON_HOLD': 'Some of your Pix are still in progress. Please wait until they finish.',
  'PIX_KEY.NOT_FOUND': 'We found no Pix key like that. Check it and try again.',
  'PIX_KEY.ALREADY_EXISTS':
    'This key is already registered. If it is yours at another bank, bring it here with a portability claim.',
  'PIX_KEY.LIMIT_REACHED': 'This account has as many Pix keys as it may have.',
  'PIX_KEY.OWNER_MISMATCH': 'A CPF or CNPJ key must be your own tax id.',
  'PIX_KEY.NOT_OWNER': 'That key is not yours.',
  'CLAIM.ALREADY_OPEN': 'This key already has a claim in progress.',
  'CLAIM.KEY_NOT_CLAIMABLE': 'This key cannot be claimed.',
  'CLAIM.SAME_BANK': 'This key is already at this bank.',
  'CLAIM.SAME_OWNER': 'This key is already yours: ask for portability instead.',
  'CLAIM.OWNER_MISMATCH':
    'Portability is for a key in your own name; for someone else’s, open an ownership claim.',
  'CLAIM.NOT_PERMITTED': 'You cannot take that step on this claim.',
  'CLAIM.NOT_PARTY': 'You cannot take that step on this claim.',
  'CLAIM.INVALID_TRANSITION': 'This claim has moved on: that step is no longer possible.',
  'CLAIM.RESOLUTION_PENDING': 'The other side still has time to answer. Try again once it has.',
  'CLAIM.NOT_CONFIRMED': 'The key has not been released yet.',
  'CLAIM.NOT_FOUND': 'We could not find that claim.',
  'TRANSFER.NOT_FOUND': 'We could not find that Pix.',
  'REFUND.ORIGINAL_NOT_COMPLETED': 'Only a Pix that has arrived can be refunded.',
  'CHARGE.NOT_FOUND': 'We could not find that charge.',
  'BR_CODE.INVALID': 'This is not a valid Pix code. Copy it again, whole, and paste it.',
  'LOOKUP.END_USER_RATE_LIMITED': 'Too many key look-ups. Please wait a minute and try again.',
};

/** Request fields, as the form names them. */
const FIELDS: Record<string, string> = {
  amount: 'the amount',
  key: 'the Pix key',
  brCode: 'the Pix code',
  payload: 'the Pix code',
  description: 'the message',
  taxId: 'the tax id',
  password: 'the password',
};

export function sayError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong on this page. Please reload it.';
  const known = error.code && ERRORS[error.code];
  if (known) return known;
  if (error.code?.startsWith('BR_CODE') || error.field?.startsWith('br_code'))
    return ERRORS['BR_CODE.INVALID'] as string;
  if (error.status === 400) {
    const field = error.field && FIELDS[error.field.split(/[.[]/)[0] ?? ''];
    return field
      ? `Please check ${field}: it is not valid.`
      : 'Some details are not valid. Please check them.';
  }
  if (error.status === 404) return 'We could not find that.';
  // api.ts already says in plain words what a timeout, a network failure and a 401/429/5xx mean.
  return error.message;
}

export const TRANSFER_STEPS = ['pending', 'confirmed', 'completed'] as const;
export const STEP_WORDS: Record<string, string> = {
  pending: 'Sent',
  confirmed: 'Accepted',
  completed: 'Completed',
  rejected: 'Not completed',
};

const REJECTIONS: Record<string, string> = {
  KEY_NOT_FOUND: 'No one has this Pix key.',
  SAME_ACCOUNT: 'You cannot send a Pix to your own account.',
  AMOUNT_OUT_OF_RANGE: 'The amount is over the limit for a Pix.',
  DEADLINE_EXCEEDED: 'It took too long, so it was cancelled. Your money is back.',
  CREDITOR_ACCOUNT_NOT_FOUND: 'The receiver’s account no longer exists.',
  CREDITOR_ACCOUNT_CLOSED: 'The receiver’s account is closed.',
  CREDITOR_REFUSED: 'The receiver’s bank refused it (a code may be for one payment only).',
  DEBTOR_BANK_NOT_ACTIVE: 'Your bank cannot send Pix right now.',
  INSUFFICIENT_SETTLEMENT_FUNDS: 'The banks could not settle it right now. Your money is back.',
  REFUND_PERIOD_EXPIRED: 'It is too late to refund this Pix.',
  REFUND_EXCEEDS_REMAINING: 'That is more than what is left to refund.',
};

export const rejectionWords = (reason: string | undefined) =>
  (reason && REJECTIONS[reason]) ?? 'It could not be completed. Your money is back.';

export const CLAIM_STATES: Record<string, string> = {
  open: 'Waiting for the other bank',
  waiting_resolution: 'Waiting for an answer',
  confirmed: 'Key released: ready to complete',
  completed: 'Done: the key has moved',
  cancelled: 'Cancelled: the key stayed where it was',
};

export const REFUND_REASONS: [string, string][] = [
  ['MD06', 'The payer asked for it back'],
  ['BE08', 'It was a mistake of the bank'],
  ['FR01', 'It looks like fraud'],
  ['SL02', 'Pix Saque or Troco (cash)'],
];
