import type { FastifyInstance } from 'fastify';
import { ACCOUNT_TYPES, KEY_KINDS } from '../../../../src/domain';
import { ownerScope } from '../auth';
import type { BankUseCases } from '../bank-use-cases';
import { emptyBodyIsEmptyObject } from '../json-body';
import { accountParams, errors, listOf, ref } from '../schemas';
import { accountView, entryView, keyView } from '../views';
import { NEW_PASSWORD } from './session';

type Body = Record<string, unknown>;
type OfAccount = { Params: { number: string } };

const NO_ACCOUNT = 'no such account (ACCOUNT.NOT_FOUND), also for a number that is not 1 to 20 digits';
const BAD_FIELD = 'a bad field, named in `field`';

const newAccount = {
  type: 'object',
  required: ['ownerName', 'ownerTaxId'],
  properties: {
    ownerName: { type: 'string', description: 'at most 140 characters once trimmed' },
    ownerTaxId: {
      type: 'string',
      pattern: '^(\\d{11}|\\d{14})$',
      description: 'a CPF (11 digits) or a CNPJ (14 digits)',
    },
    password: {
      ...NEW_PASSWORD,
      description: `sets (or replaces) the owner's password: ${NEW_PASSWORD.description}`,
    },
    type: { type: 'string', enum: ACCOUNT_TYPES, default: 'CACC' },
    branch: { type: 'string', pattern: '^\\d{1,4}$', default: '0001', description: '1 to 4 digits' },
  },
};
const deposit = { type: 'object', required: ['amount'], properties: { amount: ref('AmountInput') } };
const newKey = {
  type: 'object',
  required: ['kind'],
  properties: {
    kind: { type: 'string', enum: KEY_KINDS },
    key: {
      type: 'string',
      description: 'the key; cpf and cnpj default to the owner tax id, evp takes none (the hub makes it)',
    },
  },
};

/** Accounts, their money and their Pix keys: thin adapters, one use case each (docs/bank-api.md). */
export function accountRoutes(app: FastifyInstance, u: BankUseCases): void {
  const tags = ['accounts'];
  app.post<{ Body: Body }>(
    '/accounts',
    {
      config: { access: 'operator' },
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        tags,
        summary: 'Opens an account (the bank assigns the number)',
        body: newAccount,
        response: { 201: ref('Account', 'the account opened'), ...errors({ 400: BAD_FIELD }) },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return accountView(await u.openAccount.execute(request.body));
    },
  );
  app.get(
    '/accounts',
    {
      schema: {
        tags,
        summary: "Lists the accounts: every one for the operator, the customer's own for a customer",
        response: {
          200: listOf('accounts', 'Account', 'the accounts the caller may see'),
          ...errors({}),
        },
      },
    },
    async (request) => ({ accounts: (await u.queries.accounts(ownerScope(request))).map(accountView) }),
  );
  app.get<OfAccount>(
    '/accounts/:number',
    {
      config: { access: 'account' },
      schema: {
        tags,
        summary: 'An account',
        params: accountParams,
        response: { 200: ref('Account', 'the account'), ...errors({ 404: NO_ACCOUNT }) },
      },
    },
    async (request) => accountView(await u.queries.account(request.params.number)),
  );
  app.post<OfAccount & { Body: Body }>(
    '/accounts/:number/deposits',
    {
      config: { access: 'operator' },
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        tags,
        summary: 'Deposits money from outside the Pix system',
        params: accountParams,
        body: deposit,
        response: {
          201: ref('Account', 'the account after the deposit'),
          ...errors({ 400: BAD_FIELD, 404: NO_ACCOUNT, 422: 'the account is closed (ACCOUNT.CLOSED)' }),
        },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return accountView(await u.depositMoney.execute(request.params.number, request.body));
    },
  );
  app.post<OfAccount>(
    '/accounts/:number/close',
    {
      config: { access: 'operator' },
      schema: {
        tags,
        summary: 'Closes an account (closing twice is fine)',
        params: accountParams,
        response: {
          200: ref('Account', 'the closed account'),
          ...errors({ 404: NO_ACCOUNT, 422: 'transfers are pending (ACCOUNT.FUNDS_ON_HOLD)' }),
        },
      },
    },
    async (request) => accountView(await u.closeAccount.execute(request.params.number)),
  );
  app.get<OfAccount>(
    '/accounts/:number/statement',
    {
      config: { access: 'account' },
      schema: {
        tags,
        summary: "An account's statement, oldest first",
        params: accountParams,
        response: {
          200: listOf('entries', 'Entry', 'the entries, oldest first'),
          ...errors({ 404: NO_ACCOUNT }),
        },
      },
    },
    async (request) => ({ entries: (await u.queries.statement(request.params.number)).map(entryView) }),
  );
  app.post<OfAccount & { Body: Body }>(
    '/accounts/:number/pix-keys',
    {
      config: { access: 'account' },
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        tags,
        summary: 'Registers a Pix key for the account at the hub',
        params: accountParams,
        body: newKey,
        response: {
          201: ref('PixKey', 'the key, as the hub registered it'),
          ...errors({
            400: BAD_FIELD,
            404: NO_ACCOUNT,
            409: 'the key is registered already (PIX_KEY.ALREADY_EXISTS)',
            422: 'the account is closed, or the hub refuses the key (PIX_KEY.*)',
          }),
        },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return keyView(await u.registerPixKey.execute(request.params.number, request.body));
    },
  );
  app.get<OfAccount>(
    '/accounts/:number/pix-keys',
    {
      config: { access: 'account' },
      schema: {
        tags,
        summary: "The account's Pix keys, from the hub",
        params: accountParams,
        response: {
          200: listOf('keys', 'PixKey', "the account's keys"),
          ...errors({ 404: NO_ACCOUNT }),
        },
      },
    },
    async (request) => ({ keys: (await u.listPixKeys.execute(request.params.number)).map(keyView) }),
  );
}
