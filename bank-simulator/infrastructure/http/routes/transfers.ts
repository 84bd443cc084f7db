import type { FastifyInstance } from 'fastify';
import { ownerScope } from '../auth';
import type { BankUseCases } from '../bank-use-cases';
import { emptyBodyIsEmptyObject, emptyQueryIsAbsent } from '../json-body';
import {
  ACCOUNT_NUMBER,
  errors,
  IDEMPOTENCY_KEY,
  listOf,
  ref,
  TRANSFER_DIRECTIONS,
  TRANSFER_STATUSES,
  transferParams,
} from '../schemas';
import { transferView } from '../views';

const BAD_FIELD = 'a bad field, named in `field`';

/** To a key, or to a BR Code's key: exactly one of the two (the use case checks which). */
const pixOrder = {
  type: 'object',
  required: ['fromAccount'],
  properties: {
    fromAccount: ACCOUNT_NUMBER,
    key: {
      type: 'string',
      description: 'a Pix key (CPF, CNPJ, email, phone or EVP), resolved by the hub; or give brCode',
    },
    brCode: {
      type: 'string',
      maxLength: 512,
      description: 'a BR Code (Pix Copia e Cola) to pay instead of a key: its key, amount and txid',
    },
    amount: ref(
      'AmountInput',
      "required unless the BR Code has an amount; beside one, it must be the code's",
    ),
    description: { type: 'string', maxLength: 140, default: '' },
  },
};
const sendHeaders = {
  type: 'object',
  required: ['idempotency-key'],
  properties: { 'idempotency-key': IDEMPOTENCY_KEY },
};
const refundOrder = {
  type: 'object',
  required: ['amount'],
  properties: {
    amount: ref('AmountInput'),
    reason: {
      type: 'string',
      enum: ['MD06', 'BE08', 'FR01', 'SL02'],
      default: 'MD06',
      description: 'MD06 customer request, BE08 bank error, FR01 fraud, SL02 Pix Saque/Troco',
    },
    description: { type: 'string', maxLength: 140, default: '' },
  },
};
/** Query parameters are text: the use case reads the limit's number (1 to 1000, default 100). */
const transferFilter = {
  type: 'object',
  properties: {
    account: ACCOUNT_NUMBER,
    status: { type: 'string', enum: TRANSFER_STATUSES },
    limit: {
      type: 'string',
      pattern: '^\\d{1,4}$',
      default: '100',
      description: 'a whole number, 1 to 1000',
    },
  },
};

/** Sending a Pix and reading transfers (docs/bank-api.md). */
export function transferRoutes(app: FastifyInstance, u: BankUseCases): void {
  const tags = ['transfers'];
  app.post<{ Body: Record<string, unknown>; Headers: { 'idempotency-key': string } }>(
    '/transfers',
    {
      config: { access: 'account' },
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        tags,
        summary: 'Sends a Pix: holds the amount and asks the hub to move it',
        body: pixOrder,
        headers: sendHeaders,
        response: {
          202: ref('Transfer', 'accepted: the transfer, pending'),
          200: ref('Transfer', 'a replay of the same Idempotency-Key and request: the transfer as it is now'),
          ...errors({
            400: BAD_FIELD,
            409: 'the Idempotency-Key was used for another request (IDEMPOTENCY.MISMATCH)',
            422: 'insufficient funds, or the account is closed; nothing was recorded',
            429: 'the bank is busy (BANK.BUSY); nothing was recorded, send again after Retry-After',
          }),
        },
      },
    },
    async (request, reply) => {
      const { transfer, created } = await u.sendPix.execute(request.body, request.headers['idempotency-key']);
      reply.code(created ? 202 : 200);
      return transferView(transfer);
    },
  );
  app.post<{
    Params: { endToEndId: string };
    Body: Record<string, unknown>;
    Headers: { 'idempotency-key': string };
  }>(
    '/transfers/:endToEndId/refunds',
    {
      config: { access: 'refunded-transfer' },
      schema: {
        tags,
        summary: 'Refunds all or part of a Pix received: holds the amount and asks the hub to return it',
        params: transferParams,
        body: refundOrder,
        headers: sendHeaders,
        response: {
          202: ref('Transfer', 'accepted: the refund, pending'),
          200: ref('Transfer', 'a replay of the same Idempotency-Key and request: the refund as it is now'),
          ...errors({
            400: BAD_FIELD,
            404: 'this bank received no transfer under that id (TRANSFER.NOT_FOUND)',
            409: 'the Idempotency-Key was used for another request (IDEMPOTENCY.MISMATCH)',
            422: 'the original is not completed, or the account cannot pay the amount; nothing was recorded',
            429: 'the bank is busy (BANK.BUSY); nothing was recorded, send again after Retry-After',
          }),
        },
      },
    },
    async (request, reply) => {
      const { transfer, created } = await u.sendRefund.execute(
        request.params.endToEndId,
        request.body,
        request.headers['idempotency-key'],
      );
      reply.code(created ? 202 : 200);
      return transferView(transfer);
    },
  );
  app.get<{ Params: { endToEndId: string }; Querystring: { direction?: string } }>(
    '/transfers/:endToEndId',
    {
      config: { access: 'transfer' },
      preValidation: emptyQueryIsAbsent,
      schema: {
        tags,
        summary: 'A transfer; of one between two accounts of this bank, the outgoing record unless asked',
        params: transferParams,
        querystring: {
          type: 'object',
          properties: { direction: { type: 'string', enum: TRANSFER_DIRECTIONS } },
        },
        response: {
          200: ref('Transfer', 'the transfer'),
          ...errors({
            400: BAD_FIELD,
            404: 'no such transfer (TRANSFER.NOT_FOUND), also for an id that is not 32 letters and digits',
          }),
        },
      },
    },
    async (request) =>
      transferView(await u.queries.transfer(request.params.endToEndId, request.query.direction)),
  );
  app.get<{ Querystring: { account?: string; status?: string; limit?: string } }>(
    '/transfers',
    {
      config: { access: 'account' },
      preValidation: emptyQueryIsAbsent,
      schema: {
        tags,
        summary:
          'Lists transfers, newest first: of the account asked for, else of every account the caller may see',
        querystring: transferFilter,
        response: {
          200: listOf('transfers', 'Transfer', 'the transfers, newest first'),
          ...errors({ 400: BAD_FIELD }),
        },
      },
    },
    async (request) => {
      const { account, status, limit } = request.query;
      const filter = { account, status, limit };
      return { transfers: (await u.queries.transfers(filter, ownerScope(request))).map(transferView) };
    },
  );
}
