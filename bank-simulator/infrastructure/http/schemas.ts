import type { FastifyInstance } from 'fastify';
import { ACCOUNT_TYPES, KEY_KINDS, REFUND_REASONS } from '../../../src/domain';
import type { TransferDirection, TransferStatus } from '../../domain';
import { CLAIM_SCHEMAS } from './claim-schemas';

/*
 * The JSON schemas of the HTTP API (docs/bank-api.md). Fastify validates requests with them and
 * serializes answers with them; @fastify/swagger makes the OpenAPI document of them. They check shapes
 * only: the use cases still check meaning (a CPF's check digits, an amount's range, trimmed names).
 * A `description` is also what a refusal says a field must be (http-errors.ts).
 */

export const TRANSFER_STATUSES = [
  'pending',
  'confirmed',
  'completed',
  'rejected',
] as const satisfies readonly TransferStatus[];
export const TRANSFER_DIRECTIONS = ['outgoing', 'incoming'] as const satisfies readonly TransferDirection[];

/** A shared schema by its $id, as a route or another schema refers to it. */
export const ref = (id: string, description?: string) => ({
  $ref: `${id}#`,
  ...(description && { description }),
});

const text = { type: 'string' } as const;
const time = { type: 'string', format: 'date-time' } as const;
const object = (properties: Record<string, unknown>, optional: string[] = []) => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((name) => !optional.includes(name)),
});

export const ACCOUNT_NUMBER = {
  type: 'string',
  pattern: '^\\d{1,20}$',
  description: '1 to 20 digits',
} as const;
export const END_TO_END_ID = {
  type: 'string',
  pattern: '^[A-Za-z0-9]{32}$',
  description: '32 letters and digits',
} as const;
/** Printable ASCII without spaces, 1 to 128 characters (parseIdempotencyKey). */
export const IDEMPOTENCY_KEY = {
  type: 'string',
  pattern: '^[\\x21-\\x7e]{1,128}$',
  description: '1 to 128 printable characters',
} as const;

/** The components of the OpenAPI document, each with the $id it is referred to by. */
const SHARED = [
  { $id: 'Cents', type: 'string', pattern: '^\\d+$', description: 'an amount in cents, a string of digits' },
  {
    $id: 'AmountInput',
    type: ['string', 'integer'],
    pattern: '^\\d+$',
    minimum: 1,
    maximum: 1_000_000_000_000,
    description: 'whole cents, as a string of digits or an integer, 1 to 1000000000000',
  },
  {
    $id: 'ErrorDetail',
    description: 'a stable code, a message for people and, for bad input, the field',
    ...object({ code: text, message: text, field: text }, ['field']),
  },
  { $id: 'Error', description: 'an error', ...object({ error: ref('ErrorDetail') }) },
  {
    $id: 'Account',
    ...object({
      branch: text,
      number: text,
      type: { type: 'string', enum: ACCOUNT_TYPES },
      ownerName: text,
      ownerTaxId: text,
      status: { type: 'string', enum: ['open', 'closed'] },
      balance: ref('Cents'),
      held: ref('Cents'),
      available: ref('Cents', 'balance - held'),
    }),
  },
  {
    $id: 'Entry',
    ...object(
      {
        kind: { type: 'string', enum: ['deposit', 'debit', 'credit', 'fee'] },
        amount: ref('Cents'),
        endToEndId: text,
        balanceAfter: ref('Cents'),
        at: time,
      },
      ['endToEndId'],
    ),
  },
  {
    $id: 'PixKey',
    ...object(
      {
        key: text,
        kind: { type: 'string', enum: KEY_KINDS },
        branch: text,
        accountNumber: text,
        accountType: { type: 'string', enum: ACCOUNT_TYPES },
        ownerName: text,
        createdAt: time,
      },
      ['createdAt'],
    ),
  },
  {
    $id: 'Transfer',
    ...object(
      {
        endToEndId: text,
        direction: { type: 'string', enum: TRANSFER_DIRECTIONS },
        account: text,
        counterpartyKey: text,
        amount: ref('Cents'),
        description: text,
        status: { type: 'string', enum: TRANSFER_STATUSES },
        reason: { type: 'string', description: "the hub's rejection reason (KEY_NOT_FOUND, ...)" },
        refundOf: { type: 'string', description: 'a refund: the end-to-end id of the transfer it returns' },
        refundReason: { type: 'string', enum: [...REFUND_REASONS] },
        txid: { type: 'string', description: 'the txid of the BR Code paid, if it named one' },
        createdAt: time,
        updatedAt: time,
      },
      ['counterpartyKey', 'reason', 'refundOf', 'refundReason', 'txid'],
    ),
  },
  {
    $id: 'BrCode',
    description: 'a BR Code as read: its fields by name (docs/bank-api.md)',
    ...object(
      {
        initiation: { type: 'string', enum: ['static', 'dynamic'], description: 'field 01: 11 or 12' },
        key: { type: 'string', description: '26.01, the Pix key paid' },
        url: { type: 'string', description: "26.25, where a PSP serves a dynamic code's charge" },
        description: text,
        amount: ref('Cents', '54, absent when the payer chooses'),
        merchantName: text,
        merchantCity: text,
        postalCode: text,
        txid: { type: 'string', description: '62.05, *** when none' },
        crc: { type: 'string', description: '63, 4 upper-case hex digits' },
      },
      ['key', 'url', 'description', 'amount', 'postalCode'],
    ),
  },
  {
    $id: 'Charge',
    description: "a dynamic BR Code's charge: one payment of its amount into one account",
    ...object(
      {
        txid: text,
        account: text,
        key: text,
        amount: ref('Cents'),
        status: { type: 'string', enum: ['active', 'paid'] },
        endToEndId: { type: 'string', description: 'the incoming transfer that paid it' },
        payload: text,
        createdAt: time,
        paidAt: time,
      },
      ['endToEndId', 'paidAt'],
    ),
  },
  {
    $id: 'LedgerSummary',
    ...object({
      totalBalance: ref('Cents'),
      totalHeld: ref('Cents'),
      totalDeposits: ref('Cents'),
      openOutgoing: ref('Cents'),
      openIncoming: ref('Cents'),
    }),
  },
];

export function addSharedSchemas(app: FastifyInstance): void {
  for (const schema of [...SHARED, ...CLAIM_SCHEMAS]) app.addSchema(schema);
}

const retryAfter = { 'retry-after': { type: 'integer', minimum: 1, description: 'seconds to wait' } };

/**
 * The error answers of a route: those given, a 503 when the database is unavailable, and any other
 * 4xx (413, 405, ...) or 5xx (a bug: 500) in the same shape.
 */
export function errors(described: Record<number, string>) {
  const answers: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(described)) {
    const busy = status === '429' ? { headers: retryAfter } : {};
    answers[status] = { ...ref('Error', description), ...busy };
  }
  return {
    ...answers,
    503: {
      ...ref('Error', "the bank's database is unavailable; nothing was done (DATABASE.UNAVAILABLE)"),
      headers: retryAfter,
    },
    '4xx': ref('Error', 'another refusal of the request'),
    '5xx': ref('Error', 'a bug, logged (INTERNAL)'),
  };
}

/** `{ <name>: [<the shared schema id>] }`, the shape of every list the API answers. */
export const listOf = (name: string, id: string, description: string) => ({
  description,
  ...object({ [name]: { type: 'array', items: ref(id) } }),
});

export const accountParams = object({ number: ACCOUNT_NUMBER });
export const transferParams = object({ endToEndId: END_TO_END_ID });
export const claimParams = object({
  id: {
    type: 'string',
    pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
    description: 'a UUID',
  },
});
