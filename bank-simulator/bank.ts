import { Partitioners } from 'kafkajs';
import { createKafka, waitForTopics } from '../lib/messaging/kafka-client-factory';
import { OutboxPublisher } from '../lib/messaging/outbox-publisher';
import { topicNames } from '../lib/messaging/topics';
import type { Logger } from '../lib/observability/logger';
import { whenDatabaseUp } from '../lib/persistence/database-up';
import type { LoadedIdentity } from '../lib/security/identity-files';
import { newSessionSecret, SESSION_SECONDS_MAX, SessionTokens } from '../lib/security/session-token';
import { Ispb, Money, requireText } from '../src/domain';
import { AcknowledgeClaims } from './application/acknowledge-claims';
import { AdmissionGate, type AdmissionLimits } from './application/admission';
import { ApplyBankMessages } from './application/apply-bank-messages';
import { BankQueries } from './application/bank-queries';
import { ClaimSteps } from './application/claim-steps';
import { CloseAccount } from './application/close-account';
import { CustomerAccess } from './application/customer-access';
import { SetPassword } from './application/customer-passwords';
import { DepositMoney } from './application/deposit-money';
import { GenerateBrCode } from './application/generate-br-code';
import { ListPixKeys } from './application/list-pix-keys';
import { LogIn } from './application/log-in';
import { LoginThrottle } from './application/login-throttle';
import { OpenAccount } from './application/open-account';
import { OpenClaim } from './application/open-claim';
import { RegisterPixKey } from './application/register-pix-key';
import { SendPix } from './application/send-pix';
import { SendRefund } from './application/send-refund';
import { startBankConsumer } from './infrastructure/bank-consumer';
import { BankMetrics } from './infrastructure/bank-metrics';
import { hubCertificates, hubMessageVerifier } from './infrastructure/bank-security';
import { ChangeFeed } from './infrastructure/change-feed';
import { startClaimAcknowledger } from './infrastructure/claim-acknowledger';
import { bankDatabaseUrl, openBankDatabase } from './infrastructure/database';
import { GrpcHub } from './infrastructure/grpc-hub';
import { brandColor } from './infrastructure/http/brand';
import { databaseCheck } from './infrastructure/http/database-check';
import { startHttpServer } from './infrastructure/http/server';
import { PgBankTransactionRunner } from './infrastructure/pg-transaction-runner';
import { scryptPasswords } from './infrastructure/scrypt-passwords';
import { cryptoRandom, systemClock } from './infrastructure/system';

/** The city a simulated bank writes in its customers' BR Codes (field 60) unless asked for another. */
const BR_CODE_CITY = 'SAO PAULO';

export interface StartBankOptions {
  ispb: string;
  name: string;
  /** The colour of its web app (#rrggbb, dark enough for white text); a default slate when absent. */
  color?: string;
  httpPort: number;
  /** Default 127.0.0.1, like the hub's gRPC door: plain HTTP, with passwords in it, stays on this machine. */
  httpHost?: string;
  /** A Postgres server: the bank creates and migrates its own database there (see bankDatabaseUrl). */
  databaseUrl: string;
  kafkaBrokers: string[];
  topicPrefix: string;
  hubAddress: string;
  /**
   * The bank's identity, issued when it was registered: its certificate at the hub's doors and the key
   * its messages are signed with, and its client certificate at the broker. Absent with security off;
   * the bank then registers itself.
   */
  identity?: LoadedIdentity;
  /**
   * When to answer a send 429 BANK.BUSY rather than accept a transfer the hub cannot finish in time:
   * the hub's TRANSFER_DEADLINE_MS and BANK_MAX_IN_FLIGHT (see AdmissionGate).
   */
  admission: AdmissionLimits;
  /** The bearer token of the bank's operator (its back office, the CLI, the test and load harnesses). */
  operatorToken: string;
  /**
   * What session tokens are signed with; absent, a random secret of this process, so every session
   * ends when it stops.
   */
  sessionSecret?: Buffer;
  /** How long a customer's session lasts from login, in seconds; 30 minutes unless asked. */
  sessionSeconds?: number;
  /** What a business customer pays for each Pix received, in cents (0: nothing). */
  receivedFeeCents?: bigint;
  logger: Logger;
}

export interface RunningBank {
  port: number;
  url: string;
  stop(): Promise<void>;
}

const dialHost = (host: string) =>
  host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

/**
 * Starts one simulated bank: its database (created and migrated), its registration at the hub (which
 * makes its Kafka topic), the outbox publisher, the claim acknowledger, the consumer of its topic and
 * its HTTP API. A failed start
 * stops what had started; stop() stops it all in reverse order (HTTP first, so nothing new comes in).
 */
export async function startBank(opts: StartBankOptions): Promise<RunningBank> {
  const ispb = Ispb.create(opts.ispb, 'ispb');
  const name = requireText(opts.name, 'name', 100);
  const color = brandColor(opts.color);
  const { logger, identity } = opts;
  const stops: { part: string; stop: () => Promise<unknown> }[] = [];
  const stopAll = async () => {
    for (const { part, stop } of stops.splice(0).reverse()) {
      await stop().catch((error) =>
        logger.warn(`bank ${part} did not stop cleanly`, { error: String(error) }),
      );
    }
  };
  try {
    const databaseUrl = bankDatabaseUrl(opts.databaseUrl, ispb.value);
    const dataSource = await whenDatabaseUp(() => openBankDatabase(databaseUrl), logger);
    stops.push({ part: 'database', stop: () => dataSource.destroy() });
    const metrics = new BankMetrics(ispb.value);
    metrics.pipeline.observePool('bank', dataSource);
    metrics.observeDatabase(dataSource);
    const hub = new GrpcHub(opts.hubAddress, ispb.value, opts.identity);
    stops.push({ part: 'hub client', stop: async () => hub.close() });
    if (opts.identity) await hub.checkIdentity(opts.identity);
    else await hub.registerBank(name);

    const kafka = createKafka({
      brokers: opts.kafkaBrokers,
      clientId: `codepix-bank-${ispb.value}`,
      logger,
      identity: opts.identity,
    });
    const topics = topicNames(opts.topicPrefix);
    // The hub made the bank's topic when it registered: a bank may create no topic of its own.
    await waitForTopics(kafka, [topics.bank(ispb.value)]);
    const publisher = new OutboxPublisher({
      dataSource,
      producer: () =>
        kafka.producer({
          idempotent: true,
          maxInFlightRequests: 1,
          createPartitioner: Partitioners.DefaultPartitioner,
        }),
      logger,
      // With an identity the bank signs what it sends, and takes only what the hub signed.
      signer: identity && { privateKey: identity.privateKey, serial: identity.identity.serial },
      metrics: metrics.pipeline,
    });
    await publisher.start();
    stops.push({ part: 'outbox publisher', stop: () => publisher.stop() });

    const changes = new ChangeFeed();
    const uow = new PgBankTransactionRunner({
      dataSource,
      ispb: ispb.value,
      topics,
      afterOutboxCommit: () => publisher.wake(),
      written: (records) => metrics.written(records),
      afterCommit: (committed) => changes.publish(committed),
    });
    // Counted before the consumer starts, so no final word can be applied to a transfer not yet counted.
    const pending = await uow.read((store) => store.transfers.countPendingOutgoing());
    const admission = new AdmissionGate(opts.admission, systemClock, pending);
    // Before the consumer, which tells it of the claims to acknowledge; stopped after it.
    const acknowledger = startClaimAcknowledger({
      acknowledge: new AcknowledgeClaims(ispb.value, uow, hub),
      logger,
    });
    stops.push({ part: 'claim acknowledger', stop: () => acknowledger.stop() });
    const consumer = startBankConsumer({
      kafka,
      ispb: ispb.value,
      topics,
      applyMessages: new ApplyBankMessages(
        ispb.value,
        uow,
        systemClock,
        admission,
        Money.fromCents(opts.receivedFeeCents ?? 0n),
        acknowledger,
      ),
      dataSource,
      published: () => publisher.wake(),
      logger,
      verify: identity && hubMessageVerifier(identity, hubCertificates(hub)),
      metrics: metrics.pipeline,
    });
    stops.push({ part: 'consumer', stop: () => consumer.stop() });

    const host = opts.httpHost ?? '127.0.0.1';
    const sendPix = new SendPix(ispb, uow, systemClock, cryptoRandom, admission);
    const http = await startHttpServer({
      host,
      port: opts.httpPort,
      logger,
      timing: metrics.http,
      webApp: true,
      credentials: {
        operatorToken: opts.operatorToken,
        sessions: new SessionTokens(opts.sessionSecret ?? newSessionSecret()),
        sessionSeconds: opts.sessionSeconds ?? SESSION_SECONDS_MAX,
      },
      useCases: {
        ispb: ispb.value,
        name,
        color,
        checkDatabase: databaseCheck(dataSource),
        openAccount: new OpenAccount(uow, systemClock, scryptPasswords),
        depositMoney: new DepositMoney(uow, systemClock),
        closeAccount: new CloseAccount(uow),
        registerPixKey: new RegisterPixKey(uow, hub),
        listPixKeys: new ListPixKeys(uow, hub),
        sendPix,
        sendRefund: new SendRefund(ispb, uow, systemClock, cryptoRandom, sendPix),
        generateBrCode: new GenerateBrCode(uow, hub, systemClock, cryptoRandom, BR_CODE_CITY),
        openClaim: new OpenClaim(ispb.value, uow, hub),
        claimSteps: new ClaimSteps(ispb.value, uow, hub),
        queries: new BankQueries(uow),
        changes,
        logIn: new LogIn(uow, scryptPasswords, new LoginThrottle(systemClock)),
        setPassword: new SetPassword(uow, scryptPasswords, systemClock),
        customerAccess: new CustomerAccess(uow),
        metrics: metrics.registry,
      },
    });
    stops.push({ part: 'HTTP server', stop: () => http.close() });
    const url = `http://${dialHost(host)}:${http.port}`;
    logger.info('bank listening', { ispb: ispb.value, bankName: name, url, topic: topics.bank(ispb.value) });
    return { port: http.port, url, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
