import { randomBytes } from 'node:crypto';
import type { ConsumedMessage } from '../lib/messaging/batch-consumer';
import { createKafka } from '../lib/messaging/kafka-client-factory';
import { MESSAGE_TYPES, type TopicNames } from '../lib/messaging/topics';
import type { Logger } from '../lib/observability/logger';
import type { LoadedIdentity } from '../lib/security/identity-files';
import {
  BankMessage,
  RejectionReason,
  ReplyKind,
  TransferReply,
  TransferRequest,
  TransferStatus,
} from '../src/gen/codepix/v1/transfer';
import { BankPlayer } from './bank-player';

/** How one transfer ended, as the debtor bank heard it. */
export interface HeardOutcome {
  endToEndId: string;
  /** completed: the debtor heard CONFIRMED and its COMPLETED ack is at the broker. */
  status: 'completed' | 'rejected' | 'refused';
  reason?: string;
  /** Date.now() when the request was queued, and when the outcome was heard (or the ack sent). */
  sentAt: number;
  doneAt: number;
}

export interface PlayedBank {
  ispb: string;
  /** Its certificate (security on): the Kafka client and the signatures are the bank's own. */
  identity?: LoadedIdentity;
  /** Creditor keys registered at the hub for this bank's accounts. */
  keys: string[];
}

interface InFlight {
  sentAt: number;
  resolve(outcome: HeardOutcome): void;
}

/** yyyyMMddHHmm in UTC, as an end-to-end id carries it. */
const stamp = (at: Date) => at.toISOString().replace(/[-T:]/g, '').slice(0, 12);

/**
 * The three banks of a hub-only benchmark, played on Kafka with no database: each debtor sends signed
 * TransferRequests; as creditor it answers every PENDING with CONFIRMED, as debtor every CONFIRMED with
 * COMPLETED, as a real bank would once its books agree (docs/protocol.md, "The flow"). The hub tells
 * nobody of the completion itself: a transfer counts as completed here when its debtor has heard
 * CONFIRMED and its COMPLETED ack is at the broker, which is the last thing a bank does for it.
 */
export class KafkaBanks {
  private readonly inFlight = new Map<string, InFlight>();
  private readonly players: BankPlayer[] = [];
  private readonly run = randomBytes(2).toString('hex').slice(0, 3);
  private seq = 0;
  /** Notices heard for transfers this run is not waiting for (sent before, or repeated reminders). */
  readonly stray = { count: 0 };

  private constructor(
    private readonly banks: PlayedBank[],
    private readonly topics: TopicNames,
  ) {}

  static async start(opts: {
    brokers: string[];
    topics: TopicNames;
    banks: PlayedBank[];
    logger: Logger;
  }): Promise<KafkaBanks> {
    const played = new KafkaBanks(opts.banks, opts.topics);
    for (const bank of opts.banks) {
      const kafka = createKafka({
        brokers: opts.brokers,
        clientId: `codepix-bench-bank-${bank.ispb}`,
        logger: opts.logger,
        identity: bank.identity,
      });
      const signer = bank.identity && {
        privateKey: bank.identity.privateKey,
        serial: bank.identity.identity.serial,
      };
      const player = new BankPlayer(bank.ispb, kafka, signer, opts.logger);
      await player.start({
        topic: opts.topics.bank(bank.ispb),
        groupId: opts.topics.bankGroup(bank.ispb),
        messageType: MESSAGE_TYPES.bankMessage,
        hear: (messages) => played.hear(player, messages),
      });
      played.players.push(player);
    }
    return played;
  }

  get outstanding(): number {
    return this.inFlight.size;
  }

  get sentMessages(): number {
    return this.players.reduce((sum, p) => sum + p.counts.sent, 0);
  }

  get unreadable(): number {
    return this.players.reduce((sum, p) => sum + p.counts.unreadable, 0);
  }

  /** One transfer from a random bank's account to a random key of another bank, 1 to 999 cents. */
  send(): Promise<HeardOutcome> {
    const from = Math.floor(Math.random() * this.banks.length);
    const to = (from + 1 + Math.floor(Math.random() * (this.banks.length - 1))) % this.banks.length;
    const debtor = this.banks[from] as PlayedBank;
    const keys = (this.banks[to] as PlayedBank).keys;
    const now = new Date();
    const serial = (this.seq++).toString(36).padStart(8, '0');
    const endToEndId = `E${debtor.ispb}${stamp(now)}${this.run}${serial}`;
    const account = String(1 + Math.floor(Math.random() * 100));
    const payload = TransferRequest.encode({
      endToEndId,
      debtorIspb: debtor.ispb,
      debtorAccount: { branch: '0001', number: account, ownerName: `Bench Debtor ${account}` },
      creditorKey: keys[Math.floor(Math.random() * keys.length)] as string,
      amount: BigInt(1 + Math.floor(Math.random() * 999)),
      description: '',
      txid: '',
      requestedAt: now,
    }).finish();
    return new Promise((resolve) => {
      this.inFlight.set(endToEndId, { sentAt: now.getTime(), resolve });
      (this.players[from] as BankPlayer).send({
        topic: this.topics.transfers,
        key: endToEndId,
        type: MESSAGE_TYPES.transferRequest,
        payload,
      });
    });
  }

  private hear(player: BankPlayer, messages: ConsumedMessage[]): void {
    for (const message of messages) {
      const decoded = BankMessage.decode(message.value ?? new Uint8Array());
      if (decoded.refused) {
        const { endToEndId, reason } = decoded.refused;
        this.finish(endToEndId, 'refused', RejectionReason[reason]);
        continue;
      }
      const t = decoded.transfer;
      if (!t) continue;
      if (t.status === TransferStatus.TRANSFER_STATUS_PENDING && t.creditorIspb === player.ispb) {
        this.reply(player, t.endToEndId, ReplyKind.REPLY_KIND_CONFIRMED);
      } else if (t.status === TransferStatus.TRANSFER_STATUS_CONFIRMED && t.debtorIspb === player.ispb) {
        // Answered each time it is heard (a reminder too), as a bank that has completed its side does.
        this.reply(player, t.endToEndId, ReplyKind.REPLY_KIND_COMPLETED, () =>
          this.finish(t.endToEndId, 'completed'),
        );
      } else if (t.status === TransferStatus.TRANSFER_STATUS_REJECTED && t.debtorIspb === player.ispb) {
        this.finish(t.endToEndId, 'rejected', RejectionReason[t.rejectionReason]);
      }
    }
  }

  private reply(player: BankPlayer, endToEndId: string, kind: ReplyKind, sent?: () => void): void {
    const payload = TransferReply.encode({
      endToEndId,
      ispb: player.ispb,
      kind,
      reason: RejectionReason.REJECTION_REASON_UNSPECIFIED,
      detail: '',
    }).finish();
    player.send({
      topic: this.topics.confirmations,
      key: endToEndId,
      type: MESSAGE_TYPES.transferReply,
      payload,
      sent,
    });
  }

  private finish(endToEndId: string, status: HeardOutcome['status'], reason?: string): void {
    const waiting = this.inFlight.get(endToEndId);
    if (!waiting) {
      this.stray.count++;
      return;
    }
    this.inFlight.delete(endToEndId);
    waiting.resolve({ endToEndId, status, reason, sentAt: waiting.sentAt, doneAt: Date.now() });
  }

  async stop(): Promise<void> {
    await Promise.all(this.players.map((p) => p.stop()));
  }
}
