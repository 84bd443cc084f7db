import { Money, type RejectionReason } from '../../src/domain';
import {
  BankTransfer,
  type Charge,
  type CustomerAccount,
  recordKey,
  type StatementEntry,
  type TransferDirection,
} from '../domain';
import type { HubTransfer, OutgoingMessage, ReplyKind } from './messages';
import type { AccountChange, BankUnitOfWork } from './ports';

/** Something worth a log line: the adapter logs it, the use case stays free of loggers. */
export interface Notice {
  level: 'info' | 'warn' | 'error';
  message: string;
  messageId: string;
  endToEndId?: string;
  claimId?: string;
  detail?: string;
}

/**
 * The state one batch of hub messages works on: the records and accounts it touches, loaded and locked
 * once, changed in memory in message order, then written back in bulk. Every decision checks the
 * stored state first, so a message that arrives again (under a new id) or late changes nothing twice.
 */
export class MessageBatch {
  readonly notices: Notice[] = [];
  /** Outgoing transfers this batch moved from pending to final (completed or rejected). */
  outgoingFinished = 0;
  private readonly records = new Map<string, BankTransfer>();
  private readonly inserted = new Set<string>();
  private readonly changed = new Set<string>();
  private readonly accounts = new Map<string, AccountChange>();
  /** The charges the batch's txids name, and which of them it paid. */
  private readonly charges = new Map<string, Charge>();
  private readonly paid = new Set<string>();
  private readonly entries: StatementEntry[] = [];
  private readonly outgoing: OutgoingMessage[] = [];

  constructor(
    private readonly ispb: string,
    private readonly now: Date,
    /** What a business customer pays for each Pix received (zero: nothing). */
    private readonly receivedFee: Money = Money.ZERO,
  ) {}

  async load(tx: BankUnitOfWork, transfers: readonly HubTransfer[]): Promise<void> {
    const ids = [...new Set(transfers.map((t) => t.endToEndId))];
    const stored = await tx.transfers.lockByEndToEndIds(ids);
    for (const record of stored) this.records.set(recordKey(record.endToEndId, record.direction), record);
    const numbers = new Set(stored.map((r) => r.props.account));
    for (const t of transfers) {
      const ours = t.status === 'pending' && t.creditorIspb === this.ispb;
      if (ours && t.creditorAccount) numbers.add(t.creditorAccount.number);
    }
    for (const [number, account] of await tx.accounts.lock([...numbers])) {
      this.accounts.set(number, { before: account, after: account });
    }
    // The charges a credit may pay: named by the records stored, or by the pending transfers arriving.
    const named = [...stored.map((r) => r.props.txid), ...transfers.map((t) => t.txid)];
    const txids = [...new Set(named.filter((txid): txid is string => txid !== undefined))];
    for (const [txid, charge] of await tx.charges.lock(txids)) this.charges.set(txid, charge);
  }

  deadLetter(message: OutgoingMessage): void {
    this.outgoing.push(message);
  }

  /** The hub asks us, the creditor bank, to accept a transfer. */
  pending(t: HubTransfer, messageId: string): void {
    if (t.creditorIspb !== this.ispb) {
      this.notice('warn', 'pending transfer for another creditor bank ignored', messageId, t.endToEndId);
      return;
    }
    const existing = this.record(t.endToEndId, 'incoming');
    if (existing) {
      // Asked again: answer again, unless the hub has since rejected it.
      if (existing.status !== 'rejected') this.reply(t.endToEndId, 'confirmed');
      return;
    }
    const refusal = this.refusal(t);
    if (refusal) {
      this.reply(t.endToEndId, 'rejected', refusal);
      return;
    }
    const incoming = BankTransfer.start({
      endToEndId: t.endToEndId,
      direction: 'incoming',
      account: t.creditorAccount?.number ?? '',
      counterpartyKey: t.creditorKey || undefined,
      refundOf: t.refundOf,
      amount: t.amount,
      description: t.description,
      txid: t.txid,
      createdAt: this.now,
    });
    this.put(incoming, true);
    this.reply(t.endToEndId, 'confirmed');
  }

  /** The hub moved the money between the banks: debit our debtor, credit our creditor, ack. */
  confirmed(t: HubTransfer, messageId: string): void {
    const outgoing = this.record(t.endToEndId, 'outgoing');
    const incoming = this.record(t.endToEndId, 'incoming');
    if (!outgoing && !incoming) {
      // We never sent it nor accepted it, yet the hub moved money for it: tell the hub, which raises it
      // for reconciliation. Said again each time the hub says it again; the hub raises it once.
      this.notice(
        'error',
        'hub confirmed a transfer this bank has no record of; told the hub',
        messageId,
        t.endToEndId,
      );
      this.reply(t.endToEndId, 'unknown');
      return;
    }
    if (outgoing?.isPending) {
      const { amount } = outgoing.props;
      this.post(outgoing, 'debit', (a) => a.debitHeld(amount));
      this.put(outgoing.complete(this.now));
      this.outgoingFinished++;
      this.reply(t.endToEndId, 'completed');
    } else if (outgoing?.status === 'completed') {
      this.reply(t.endToEndId, 'completed'); // the hub may not have our ack yet: repeating it is harmless
    } else if (outgoing) {
      this.notice('error', 'hub confirmed a transfer this bank has rejected', messageId, t.endToEndId);
    }
    if (incoming?.isPending) {
      const { amount } = incoming.props;
      this.post(incoming, 'credit', (a) => a.credit(amount));
      this.chargeReceivedFee(incoming);
      this.put(incoming.complete(this.now));
      this.payCharge(incoming);
    }
  }

  /** A business customer pays the fee for a Pix received, at most what it received. */
  private chargeReceivedFee(incoming: BankTransfer): void {
    const account = this.account(incoming.props.account);
    if (this.receivedFee.isZero() || !account?.isBusiness) return;
    const { amount } = incoming.props;
    const fee = this.receivedFee.compare(amount) > 0 ? amount : this.receivedFee;
    this.post(incoming, 'fee', (a) => a.chargeFee(fee), fee);
  }

  /** The credited transfer pays the charge its txid names, if it is that charge's payment. */
  private payCharge(incoming: BankTransfer): void {
    const charge = this.chargeFor(incoming.props.txid, incoming.props.account);
    if (!charge?.accepts(incoming.props.amount)) return;
    this.charges.set(charge.txid, charge.pay(incoming.endToEndId, this.now));
    this.paid.add(charge.txid);
  }

  /** The charge of this account a txid names; a txid of another account's charge names none. */
  private chargeFor(txid: string | undefined, account: string | undefined): Charge | undefined {
    const charge = txid === undefined ? undefined : this.charges.get(txid);
    return charge?.props.account === account ? charge : undefined;
  }

  rejected(t: HubTransfer, messageId: string): void {
    const outgoing = this.record(t.endToEndId, 'outgoing');
    const incoming = this.record(t.endToEndId, 'incoming');
    if (!outgoing && !incoming) {
      this.notice('warn', 'rejection of an unknown transfer', messageId, t.endToEndId);
      return;
    }
    if (outgoing?.isPending) {
      const { amount } = outgoing.props;
      this.post(outgoing, undefined, (a) => a.releaseHold(amount));
      this.put(outgoing.reject(t.reason, this.now));
      this.outgoingFinished++;
    }
    if (incoming?.isPending) this.put(incoming.reject(t.reason, this.now));
    const completed = [outgoing, incoming].some((r) => r?.status === 'completed');
    if (completed)
      this.notice('error', 'hub rejected a transfer this bank has completed', messageId, t.endToEndId);
  }

  notice(level: Notice['level'], message: string, messageId: string, endToEndId?: string, detail?: string) {
    this.notices.push({ level, message, messageId, endToEndId, detail });
  }

  async save(tx: BankUnitOfWork): Promise<void> {
    const of = (keys: Iterable<string>) => [...keys].map((k) => this.records.get(k) as BankTransfer);
    await tx.transfers.insertIncoming(of(this.inserted));
    await tx.transfers.saveStatus(of([...this.changed].filter((k) => !this.inserted.has(k))));
    await tx.accounts.save([...this.accounts.values()].filter((c) => c.before !== c.after));
    await tx.accounts.appendStatement(this.entries);
    await tx.charges.save([...this.paid].map((txid) => this.charges.get(txid) as Charge));
    await tx.appendOutbox(this.outgoing);
  }

  /** Why this bank cannot take an incoming transfer, if it cannot. */
  private refusal(t: HubTransfer): RejectionReason | undefined {
    const ref = t.creditorAccount;
    const account = ref && this.account(ref.number);
    if (!ref || !account || account.props.branch !== ref.branch) return 'CREDITOR_ACCOUNT_NOT_FOUND';
    if (!account.isOpen) return 'CREDITOR_ACCOUNT_CLOSED';
    // A dynamic code is for one payment of its amount: a second one, or another amount, is refused.
    const charge = this.chargeFor(t.txid, ref.number);
    if (charge && !charge.accepts(t.amount)) return 'CREDITOR_REFUSED';
    return undefined;
  }

  private record(endToEndId: string, direction: TransferDirection): BankTransfer | undefined {
    return this.records.get(recordKey(endToEndId, direction));
  }

  private account(number: string): CustomerAccount | undefined {
    return this.accounts.get(number)?.after;
  }

  private put(record: BankTransfer, isNew = false): void {
    const key = recordKey(record.endToEndId, record.direction);
    this.records.set(key, record);
    (isNew ? this.inserted : this.changed).add(key);
  }

  /** Changes the record's account; a debit or credit also goes on its statement. */
  private post(
    record: BankTransfer,
    kind: 'debit' | 'credit' | 'fee' | undefined,
    change: (account: CustomerAccount) => CustomerAccount,
    amount = record.props.amount,
  ): void {
    const entry = this.accounts.get(record.props.account);
    // The schema's foreign key makes this a bug, not an expected case.
    if (!entry) throw new Error(`account ${record.props.account} of ${record.endToEndId} not loaded`);
    entry.after = change(entry.after);
    if (!kind) return;
    this.entries.push({
      account: record.props.account,
      kind,
      amount,
      endToEndId: record.endToEndId,
      balanceAfter: entry.after.props.balance,
      at: this.now,
    });
  }

  private reply(endToEndId: string, reply: ReplyKind, reason?: RejectionReason) {
    this.outgoing.push({ kind: 'reply', endToEndId, reply, reason });
  }
}
