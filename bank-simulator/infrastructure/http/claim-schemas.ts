import { ACCOUNT_TYPES, CLAIM_KINDS, CLAIM_REASONS, CLAIM_STATUSES, KEY_KINDS } from '../../../src/domain';

/*
 * The JSON schemas of key claims (docs/bank-api.md), shared components of the OpenAPI document like
 * those of schemas.ts: a claim as the hub has it, and as one account of this bank is party to it.
 */

const text = { type: 'string' } as const;
const time = { type: 'string', format: 'date-time' } as const;
const object = (properties: Record<string, unknown>, optional: string[] = []) => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((name) => !optional.includes(name)),
});
const ref = (id: string) => ({ $ref: `${id}#` });

const claimFields = {
  id: { type: 'string', format: 'uuid', description: "the hub's id of the claim" },
  kind: { type: 'string', enum: CLAIM_KINDS },
  keyKind: { type: 'string', enum: KEY_KINDS },
  key: text,
  status: { type: 'string', enum: CLAIM_STATUSES },
  reason: { type: 'string', enum: CLAIM_REASONS, description: 'of the last step that gave one' },
};

export const CLAIM_SCHEMAS = [
  {
    $id: 'ClaimSide',
    description: "one side of a claim: an account at a bank, its owner's tax id masked",
    ...object(
      {
        ispb: text,
        branch: text,
        number: text,
        type: { type: 'string', enum: ACCOUNT_TYPES },
        ownerName: text,
        ownerTaxIdMasked: text,
      },
      ['type'],
    ),
  },
  {
    $id: 'ClaimChange',
    description: 'one step of a claim: from what (absent at its opening) to what, why, by whom, when',
    ...object(
      {
        from: { type: 'string', enum: CLAIM_STATUSES },
        to: { type: 'string', enum: CLAIM_STATUSES },
        reason: { type: 'string', enum: CLAIM_REASONS },
        by: { type: 'string', description: '`bank:<ISPB>` or `hub`' },
        at: time,
      },
      ['from', 'reason'],
    ),
  },
  {
    $id: 'Claim',
    description: 'a key claim as the hub has it; `history` only from GET /claims/:id',
    ...object(
      {
        ...claimFields,
        claimer: ref('ClaimSide'),
        donor: ref('ClaimSide'),
        resolutionEndsAt: { ...time, description: 'set once the donor bank acknowledged' },
        createdAt: time,
        updatedAt: time,
        history: { type: 'array', items: ref('ClaimChange'), description: 'oldest first' },
      },
      ['reason', 'resolutionEndsAt', 'history'],
    ),
  },
  {
    $id: 'AccountClaim',
    description: 'a claim one account of this bank is party to, as the bank last heard of it',
    ...object(
      {
        ...claimFields,
        role: { type: 'string', enum: ['claimer', 'donor'], description: "the account's side" },
        account: { type: 'string', description: 'the account number' },
        counterpartyIspb: { type: 'string', description: "the other side's bank (this bank's when both)" },
        resolutionEndsAt: time,
        createdAt: time,
        updatedAt: time,
      },
      ['reason', 'resolutionEndsAt'],
    ),
  },
];
