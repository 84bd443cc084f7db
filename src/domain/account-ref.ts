import { parseAccountNumber, parseBranch } from './account';
import { OWNER_NAME_CHARS_MAX } from './limits';
import { requireText } from './validation';

/** A customer account as a transfer names it: enough for the two banks to find it and show who it is. */
export interface AccountRef {
  readonly branch: string;
  readonly number: string;
  readonly ownerName: string;
}

export function parseAccountRef(
  value: { branch?: unknown; number?: unknown; ownerName?: unknown } | undefined,
  prefix: string,
): AccountRef {
  return {
    branch: parseBranch(value?.branch, `${prefix}.branch`),
    number: parseAccountNumber(value?.number, `${prefix}.number`),
    ownerName: requireText(value?.ownerName, `${prefix}.owner_name`, OWNER_NAME_CHARS_MAX),
  };
}

export function sameAccountRef(a: AccountRef, b: AccountRef): boolean {
  return a.branch === b.branch && a.number === b.number;
}
