import { Ispb, PAGE_SIZE_MAX, type TransferStatus, ValidationError } from '../../domain';
import type { TransferFilter, TransferPage, TransferQuery } from '../ports/transfer-query';

export const DEFAULT_PAGE_SIZE = 50;

/** Proto defaults (empty string, 0, unset timestamp) arrive as such and mean "no filter". */
export interface ListTransfersInput {
  ispb?: unknown;
  status?: TransferStatus | '';
  createdFrom?: Date;
  createdTo?: Date;
  updatedBefore?: Date;
  reconciliationOnly?: boolean;
  pageSize?: number;
  pageToken?: string;
}

/** Transfers newest first, filtered and paged; the filters combine. */
export class ListTransfers {
  constructor(private readonly query: TransferQuery) {}

  async execute(input: ListTransfersInput): Promise<TransferPage> {
    const filter: TransferFilter = {
      ispb: input.ispb === undefined || input.ispb === '' ? undefined : Ispb.create(input.ispb).value,
      status: input.status || undefined,
      createdFrom: parseTime(input.createdFrom, 'created_from'),
      createdTo: parseTime(input.createdTo, 'created_to'),
      updatedBefore: parseTime(input.updatedBefore, 'updated_before'),
      reconciliationOnly: input.reconciliationOnly || undefined,
    };
    const { createdFrom, createdTo } = filter;
    if (createdFrom && createdTo && createdFrom.getTime() >= createdTo.getTime()) {
      throw new ValidationError('created_to', 'must be after created_from');
    }
    return this.query.list(filter, parsePageSize(input.pageSize), input.pageToken || undefined);
  }
}

/** Years 1 to 9999, what ISO 8601 and Postgres agree on; a Timestamp past what a Date holds is NaN. */
const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

function parseTime(value: Date | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const ms = value.getTime();
  if (!(ms >= EARLIEST && ms <= LATEST)) {
    throw new ValidationError(field, 'must be a time from year 1 to 9999');
  }
  return value;
}

/** A page's size: 0 or unset is the default, else 1 to PAGE_SIZE_MAX. */
export function parsePageSize(value: number | undefined, field = 'page_size'): number {
  if (value === undefined || value === 0) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(value) || value < 1 || value > PAGE_SIZE_MAX) {
    throw new ValidationError(field, `must be between 1 and ${PAGE_SIZE_MAX}`);
  }
  return value;
}
