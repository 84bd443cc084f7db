import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { parseBrCode } from '../../../domain';
import type { BankUseCases } from '../bank-use-cases';
import { emptyBodyIsEmptyObject } from '../json-body';
import { accountParams, errors, ref } from '../schemas';
import { brCodeView, chargeView } from '../views';

type Body = Record<string, unknown>;

const BAD_FIELD = 'a bad field, named in `field`';
const BAD_CODE = 'a defect of the BR Code, named in `field` by its EMV id (`br_code.63`: CRC mismatch)';

const newBrCode = {
  type: 'object',
  required: ['key'],
  properties: {
    key: { type: 'string', description: "one of the account's Pix keys" },
    amount: ref('AmountInput', 'required for a dynamic code; optional for a static one'),
    dynamic: { type: 'boolean', default: false, description: 'for one payment: the bank records a charge' },
    txid: {
      type: 'string',
      description: 'static: 1 to 25 letters and digits (default ***); dynamic: 26 to 35 (default: made here)',
    },
    description: { type: 'string', description: 'a note for the payer (26.02)' },
    city: { type: 'string', description: "the payee's city (60), at most 15 characters once written" },
  },
};
const generated = {
  description:
    'the payload to copy, the same drawn as a QR code (an SVG image), what it reads as, and a dynamic code’s charge',
  type: 'object',
  required: ['payload', 'svg', 'brCode'],
  properties: {
    payload: { type: 'string' },
    svg: { type: 'string', description: 'the payload as a QR code, an SVG document' },
    brCode: ref('BrCode'),
    charge: ref('Charge'),
  },
};
const toParse = {
  type: 'object',
  required: ['payload'],
  properties: { payload: { type: 'string', description: 'a BR Code (Pix Copia e Cola)' } },
};
const chargeParams = {
  type: 'object',
  required: ['txid'],
  properties: {
    txid: { type: 'string', pattern: '^[A-Za-z0-9]{1,35}$', description: '1 to 35 letters and digits' },
  },
};

/** BR Codes ("Pix Copia e Cola"): making them for a customer's key, reading them, and the charges of dynamic ones. */
export function brCodeRoutes(app: FastifyInstance, u: BankUseCases): void {
  const tags = ['br-codes'];
  app.post<{ Params: { number: string }; Body: Body }>(
    '/accounts/:number/br-codes',
    {
      config: { access: 'account' },
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        tags,
        summary: "Makes a BR Code for one of the account's keys; a dynamic one records a charge",
        params: accountParams,
        body: newBrCode,
        response: {
          201: generated,
          ...errors({
            400: BAD_FIELD,
            404: 'no such account, or the key is not one of its keys (PIX_KEY.NOT_FOUND)',
            409: 'the txid names a charge already (CHARGE.TXID_TAKEN)',
            422: 'the account is closed',
          }),
        },
      },
    },
    async (request, reply) => {
      const { payload, code, charge } = await u.generateBrCode.execute(request.params.number, request.body);
      // Drawn here so a page shows it as an image, with no QR code library of its own.
      const svg = await QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
      reply.code(201);
      return { payload, svg, brCode: brCodeView(code), ...(charge && { charge: chargeView(charge) }) };
    },
  );
  app.post<{ Body: { payload: unknown } }>(
    '/br-codes/parse',
    {
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        tags,
        summary: 'Reads and validates a BR Code, as a payer would before paying it',
        body: toParse,
        response: { 200: ref('BrCode', 'the code, field by field'), ...errors({ 400: BAD_CODE }) },
      },
    },
    async (request) => brCodeView(parseBrCode(request.body.payload)),
  );
  app.get<{ Params: { txid: string } }>(
    '/charges/:txid',
    {
      config: { access: 'charge' },
      schema: {
        tags,
        summary: "A dynamic BR Code's charge: active, or paid with the transfer that paid it",
        params: chargeParams,
        response: {
          200: ref('Charge', 'the charge'),
          ...errors({ 400: BAD_FIELD, 404: 'no charge with this txid (CHARGE.NOT_FOUND)' }),
        },
      },
    },
    async (request) => chargeView(await u.queries.charge(request.params.txid)),
  );
}
