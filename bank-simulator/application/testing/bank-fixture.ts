import { FixedClock } from '../../../src/application/testing/fixed-clock';
import { Ispb, Money } from '../../../src/domain';
import type { CustomerAccount } from '../../domain';
import { AcknowledgeClaims } from '../acknowledge-claims';
import { AdmissionGate, type AdmissionLimits } from '../admission';
import { ApplyBankMessages } from '../apply-bank-messages';
import { BankQueries } from '../bank-queries';
import { ClaimSteps } from '../claim-steps';
import { CloseAccount } from '../close-account';
import { CustomerAccess } from '../customer-access';
import { SetPassword } from '../customer-passwords';
import { DepositMoney } from '../deposit-money';
import { LogIn } from '../log-in';
import { LoginThrottle } from '../login-throttle';
import type { Envelope, HubClaim, HubTransfer, InboundMessage, RawMessage } from '../messages';
import { OpenAccount } from '../open-account';
import { OpenClaim } from '../open-claim';
import { SendPix } from '../send-pix';
import { SendRefund } from '../send-refund';
import { claimSide, FakeHubClaims } from './fake-hub-claims';
import { InMemoryBank, SequentialRandom } from './in-memory-bank';
import { PlainPasswords } from './plain-passwords';

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
  const hubClaims = new FakeHubClaims(clock, BANK_ISPB);
  /** The claims each committed batch left for the bank to acknowledge, batch by batch. */
  const toAcknowledge: string[][] = [];
  const passwords = new PlainPasswords();
  const f = {
    uow,
    clock,
    admission,
    passwords,
    openAccount: new OpenAccount(uow, clock, passwords),
    deposit: new DepositMoney(uow, clock),
    closeAccount: new CloseAccount(uow),
    sendPix,
    sendRefund: new SendRefund(Ispb.create(BANK_ISPB), uow, clock, random, sendPix),
    apply: new ApplyBankMessages(BANK_ISPB, uow, clock, admission, Money.ZERO, {
      opened: (ids) => toAcknowledge.push([...ids]),
    }),
    hubClaims,
    toAcknowledge,
    openClaim: new OpenClaim(BANK_ISPB, uow, hubClaims),
    claimSteps: new ClaimSteps(BANK_ISPB, uow, hubClaims),
    acknowledgeClaims: new AcknowledgeClaims(BANK_ISPB, uow, hubClaims),
    queries: new BankQueries(uow),
    logIn: new LogIn(uow, passwords, new LoginThrottle(clock)),
    setPassword: new SetPassword(uow, passwords, clock),
    customerAccess: new CustomerAccess(uow),
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

/** A claim as the hub describes it: by default another bank claims the key of account 1001 here. */
export function hubClaim(over: Partial<HubClaim> = {}): HubClaim {
  const at = new Date('2026-11-21T14:30:00Z');
  return {
    id: '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
    kind: 'portability',
    keyKind: 'email',
    key: 'maria@example.com',
    status: 'open',
    claimer: claimSide(OTHER_ISPB, '7001'),
    donor: claimSide(BANK_ISPB, '1001'),
    createdAt: at,
    updatedAt: at,
    history: [],
    ...over,
  };
}

/** A notice of the claim's state on the bank's topic. */
export function claimMessage(claim: HubClaim, messageId?: string): InboundMessage {
  return { ...envelope(claim, messageId), kind: 'claim', claim };
}
