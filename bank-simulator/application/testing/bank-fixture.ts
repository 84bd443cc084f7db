import { FixedClock } from '../../../src/application/testing/fixed-clock';
import { Ispb, Money } from '../../../src/domain';
import type { CustomerAccount } from '../../domain';
import { AdmissionGate, type AdmissionLimits } from '../admission';
import { ApplyBankMessages } from '../apply-bank-messages';
import { BankQueries } from '../bank-queries';
import { CloseAccount } from '../close-account';
import { DepositMoney } from '../deposit-money';
import type { Envelope, HubTransfer, InboundMessage, RawMessage } from '../messages';
import { OpenAccount } from '../open-account';
import { SendPix } from '../send-pix';
import { SendRefund } from '../send-refund';
import { InMemoryBank, SequentialRandom } from './in-memory-bank';

export const BANK_ISPB = '11111111';
export const OTHER_ISPB = '22222222';
/** Valid CPFs (from test/vectors/pix-keys.json) for account owners. */
export const OWNER_CPF = '52998224725';

/** One in-memory bank with every use case wired, and shortcuts for the setup specs repeat. */
export function bankFixture(limits: AdmissionLimits = { transferDeadlineMs: 10_000, inFlightMax: 2_000 }) {
  const uow = new InMemoryBank();
  const clock = new FixedClock();
  const admission = new AdmissionGate(limits, clock, 0);
  const random = new SequentialRandom();
  const sendPix = new SendPix(Ispb.create(BANK_ISPB), uow, clock, random, admission);
  const f = {
    uow,
    clock,
    admission,
    openAccount: new OpenAccount(uow, clock),
    deposit: new DepositMoney(uow, clock),
    closeAccount: new CloseAccount(uow),
    sendPix,
    sendRefund: new SendRefund(Ispb.create(BANK_ISPB), uow, clock, random, sendPix),
    apply: new ApplyBankMessages(BANK_ISPB, uow, clock, admission),
    queries: new BankQueries(uow),
    /** An open account holding `balance` cents. */
    async funded(balance: bigint, ownerName = 'Maria'): Promise<CustomerAccount> {
      const account = await f.openAccount.execute({ ownerName, ownerTaxId: OWNER_CPF });
      return balance > 0n ? f.deposit.execute(account.number, { amount: balance.toString() }) : account;
    },
    account: (number: string) => f.queries.account(number),
  };
  return f;
}

let messages = 0;

/**
 * The envelope of a message with this body, read at the next offset of the bank's topic. The
 * fingerprint is the body as text: equal bodies, equal fingerprints, as a hash of the bytes would be.
 */
export function envelope(body: object, messageId = `m${++messages}`): Envelope {
  const text = JSON.stringify(body, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
  const original: RawMessage = {
    messageId,
    topic: `codepix.bank.${BANK_ISPB}`,
    partition: 0,
    offset: String(++messages),
    value: new TextEncoder().encode(text),
  };
  return { messageId, fingerprint: text, original };
}

/** A hub message about a transfer; the creditor is an account of this bank unless said otherwise. */
export function hubMessage(
  transfer: Partial<HubTransfer> & Pick<HubTransfer, 'endToEndId' | 'status'>,
  messageId?: string,
): InboundMessage {
  const body = {
    debtorIspb: OTHER_ISPB,
    creditorIspb: BANK_ISPB,
    creditorKey: 'maria@example.com',
    amount: Money.fromCents(100n),
    description: 'lunch',
    detail: '',
    ...transfer,
  };
  return { ...envelope(body, messageId), kind: 'transfer', transfer: body };
}

/** A well-formed end-to-end id of the other bank, distinct per `n`. */
export const otherBankId = (n: number) => `E${OTHER_ISPB}202611211430${String(n).padStart(11, '0')}`;
