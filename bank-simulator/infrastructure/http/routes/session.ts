import type { FastifyInstance } from 'fastify';
import { PASSWORD_LENGTH_MAX, PASSWORD_LENGTH_MIN } from '../../../../lib/security/password';
import { sessionCookie } from '../../../../lib/security/session-token';
import { type BankCredentials, principalOf } from '../auth';
import type { BankUseCases } from '../bank-use-cases';
import { emptyBodyIsEmptyObject } from '../json-body';
import { errors, listOf } from '../schemas';
import { accountView } from '../views';

const TAX_ID = {
  type: 'string',
  pattern: '^(\\d{11}|\\d{14})$',
  description: 'a CPF (11 digits) or a CNPJ (14 digits)',
};
/** What a customer sets; a login takes any text up to the longest, and answers 401 for a wrong one. */
export const NEW_PASSWORD = {
  type: 'string',
  minLength: PASSWORD_LENGTH_MIN,
  maxLength: PASSWORD_LENGTH_MAX,
  description: `${PASSWORD_LENGTH_MIN} to ${PASSWORD_LENGTH_MAX} characters`,
};
const login = {
  type: 'object',
  required: ['taxId', 'password'],
  properties: {
    taxId: { type: 'string', maxLength: 14, description: 'the CPF or CNPJ the accounts are owned by' },
    password: { type: 'string', maxLength: PASSWORD_LENGTH_MAX },
  },
};
const customer = {
  type: 'object',
  required: ['taxId', 'name'],
  properties: { taxId: { type: 'string' }, name: { type: 'string' } },
};
const session = {
  description: 'logged in: the token (also set as the HttpOnly cookie), when it ends, and who',
  type: 'object',
  required: ['token', 'expiresAt', 'customer'],
  properties: { token: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' }, customer },
};
const me = {
  description: 'the logged-in customer and every account their tax id owns',
  type: 'object',
  required: ['customer', 'accounts'],
  properties: { customer, accounts: listOf('accounts', 'Account', '').properties.accounts },
};

/** Logging in and out, who is logged in, and the operator setting a customer's password. */
export function sessionRoutes(app: FastifyInstance, u: BankUseCases, credentials: BankCredentials): void {
  const tags = ['session'];
  app.post<{ Body: { taxId?: unknown; password?: unknown } }>(
    '/session',
    {
      config: { public: true },
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        tags,
        summary: 'Logs a customer in with their tax id and password; the session lasts 30 minutes',
        body: login,
        response: {
          200: session,
          ...errors({
            400: 'not a tax id and a password',
            401: 'wrong tax id or password, the same for both (AUTH.BAD_CREDENTIALS)',
            429: 'too many wrong passwords for this tax id lately (AUTH.TOO_MANY_ATTEMPTS)',
          }),
        },
      },
    },
    async (request, reply) => {
      const who = await u.logIn.execute(request.body);
      const { token, expiresAt } = credentials.sessions.issue(who.taxId, credentials.sessionSeconds);
      reply.header('set-cookie', sessionCookie(token, expiresAt));
      return { token, expiresAt: expiresAt.toISOString(), customer: who };
    },
  );
  app.delete(
    '/session',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Logs out: takes the session cookie back (a token copied elsewhere lasts until it ends)',
        response: { 204: { description: 'logged out', type: 'null' }, ...errors({}) },
      },
    },
    async (_request, reply) => {
      reply.code(204).header('set-cookie', sessionCookie(undefined));
    },
  );
  app.get(
    '/me',
    {
      config: { access: 'customer' },
      schema: {
        tags,
        summary: 'The logged-in customer and their accounts',
        response: { 200: me, ...errors({}) },
      },
    },
    async (request) => {
      const found = await u.queries.customer(u.customerAccess.customer(principalOf(request)));
      return { customer: found.customer, accounts: found.accounts.map(accountView) };
    },
  );
  app.put<{ Params: { taxId: string }; Body: { password?: unknown } }>(
    '/customers/:taxId/password',
    {
      config: { access: 'operator' },
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        tags,
        summary: "Sets a customer's password (the tax id must own an account here)",
        params: { type: 'object', required: ['taxId'], properties: { taxId: TAX_ID } },
        body: { type: 'object', required: ['password'], properties: { password: NEW_PASSWORD } },
        response: {
          204: { description: 'set; sessions already open go on until they end', type: 'null' },
          ...errors({
            400: 'a bad field, named in `field`',
            404: 'no account is owned by the tax id (CUSTOMER.NOT_FOUND)',
          }),
        },
      },
    },
    async (request, reply) => {
      await u.setPassword.execute(request.params.taxId, request.body);
      reply.code(204);
    },
  );
}
