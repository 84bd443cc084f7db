import { type ChannelCredentials, type Client, status } from '@grpc/grpc-js';
import { DEMO_BANKS } from '../../cmd/demo-data';
import { topicNames } from '../../lib/messaging/topics';
import type { Logger } from '../../lib/observability/logger';
import {
  type LogEntry,
  recordingLogger as recording,
} from '../../lib/observability/testing/recording-logger';
import type { LoadedIdentity } from '../../lib/security/identity-files';
import { BankServiceClient } from '../../src/gen/codepix/v1/bank';
import { ClaimServiceClient } from '../../src/gen/codepix/v1/claim';
import { AccountType, KeyKind } from '../../src/gen/codepix/v1/common';
import { PixKeyServiceClient } from '../../src/gen/codepix/v1/pix_key';
import { TransferServiceClient } from '../../src/gen/codepix/v1/transfer';
import { type Config, loadConfig } from '../../src/infrastructure/config/config';
import { type Hub, startHub } from '../../src/infrastructure/hub';
import { createTestDatabase } from './database';
import { call } from './grpc-call';
import { bankCredentials, bankIdentity, operatorCredentials, securityOn } from './test-identities';
import { testLog, testLogger } from './test-log';
import { grantTestBank, testKafka } from './test-pki';

export interface TestHub {
  hub: Hub;
  address: string;
  databaseUrl: string;
  banks: BankServiceClient;
  keys: PixKeyServiceClient;
  claims: ClaimServiceClient;
  transfers: TransferServiceClient;
  stop(): Promise<void>;
}

/**
 * A real hub on a random port over its own fresh database (or, for a second instance, the given one),
 * with clients made from the generated code.
 */
export async function startTestHub(
  name: string,
  sharedDatabaseUrl?: string,
  options: {
    topicPrefix?: string;
    relay?: boolean;
    transfers?: Partial<Config['transfers']>;
    claims?: Partial<Config['claims']>;
    logger?: Logger;
  } = {},
): Promise<TestHub> {
  const databaseUrl = sharedDatabaseUrl ?? (await createTestDatabase(name));
  const env = loadConfig();
  // The relay (Kafka) only when asked, on topics of this test's own: test files never share a topic.
  const config = {
    ...env,
    grpcHost: '127.0.0.1',
    grpcPort: 0,
    metricsPort: 0,
    consolePort: 0,
    kafkaBrokers: options.relay ? env.kafkaBrokers : undefined,
    topicPrefix: options.topicPrefix ?? env.topicPrefix,
    transfers: { ...env.transfers, ...options.transfers },
    claims: { ...env.claims, ...options.claims },
  };
  const logger = options.logger ?? testLogger();
  const hub = await startHub({ config, logger, databaseUrl, migrate: true });
  const address = `127.0.0.1:${hub.grpcPort}`;
  const banks = new BankServiceClient(address, operatorCredentials());
  const keys = actingAsNamedBank(PixKeyServiceClient, address);
  const claims = actingAsNamedBank(ClaimServiceClient, address);
  const transfers = new TransferServiceClient(address, operatorCredentials());
  return {
    hub,
    address,
    databaseUrl,
    banks,
    keys,
    claims,
    transfers,
    stop: async () => {
      banks.close();
      keys.close();
      claims.close();
      transfers.close();
      await hub.stop();
    },
  };
}

/** The bank a call without a valid `ispb` is made as. */
const DEFAULT_CALLER = DEMO_BANKS[0].ispb;

/**
 * A client whose every call is made with the certificate of the bank its request names (`ispb`), so
 * a test that names a bank calls as that bank, as a real bank would with its own certificate.
 */
function actingAsNamedBank<C extends Client>(
  Generated: new (address: string, credentials: ChannelCredentials) => C,
  address: string,
): C {
  const clients = new Map<string, Promise<C>>();
  const clientFor = (ispb: string) => {
    let client = clients.get(ispb);
    if (!client) {
      client = bankCredentials(ispb).then((creds) => new Generated(address, creds));
      clients.set(ispb, client);
    }
    return client;
  };
  const close = () => {
    for (const client of clients.values()) void client.then((c) => c.close());
  };
  return new Proxy({} as C, {
    get: (_target, name: string) =>
      name === 'close'
        ? close
        : (request: { ispb?: unknown }, ...rest: unknown[]) => {
            const ispb =
              typeof request?.ispb === 'string' && /^\d{8}$/.test(request.ispb)
                ? request.ispb
                : DEFAULT_CALLER;
            void clientFor(ispb).then((client) =>
              (client as unknown as Record<string, (...args: unknown[]) => unknown>)[name](request, ...rest),
            );
          },
  });
}

/** A logger that keeps what it is told, for tests of what is logged, and puts it in the test's log too. */
export const recordingLogger = (): Logger & { entries: LogEntry[] } => recording('debug', testLog);

/**
 * The demo banks registered at `hub`, the first funded, and a CPF key for a customer of the second at
 * branch 2, account 200: enough for a transfer to flow from the first bank to the second.
 */
export async function seedTransfers(hub: TestHub, payeeCpf: string, fund = 10_000n): Promise<void> {
  for (const { ispb, name } of DEMO_BANKS) await call(hub.banks, hub.banks.registerBank, { ispb, name });
  for (const { ispb } of DEMO_BANKS) await knowBankIdentity(hub, ispb);
  const [payer, payee] = DEMO_BANKS;
  await call(hub.transfers, hub.transfers.fundSettlementAccount, {
    ispb: payer.ispb,
    amount: fund,
    idempotencyKey: 'seed',
  });
  await call(hub.keys, hub.keys.registerPixKey, {
    ispb: payee.ispb,
    kind: KeyKind.KEY_KIND_CPF,
    key: payeeCpf,
    account: {
      branch: '2',
      number: '200',
      type: AccountType.ACCOUNT_TYPE_CACC,
      ownerName: 'João Lima',
      ownerTaxId: payeeCpf,
    },
  });
}

/**
 * What the operator does before a bank can start with security on: registers it at the hub (kept if
 * there) and gives it its identity, with its Kafka ACLs on the topics of `topicPrefix` (the identity
 * comes straight from the authority, not through the hub, which grants them itself). Returns the
 * identity, or undefined with security off.
 */
export async function enrolTestBank(
  hub: Pick<TestHub, 'banks' | 'hub'>,
  ispb: string,
  name: string,
  topicPrefix: string,
): Promise<LoadedIdentity | undefined> {
  if (!securityOn()) return undefined;
  await call(hub.banks, hub.banks.registerBank, { ispb, name }).catch((error) => {
    if (error?.code !== status.ALREADY_EXISTS) throw error;
  });
  await knowBankIdentity(hub, ispb);
  const identity = await bankIdentity(ispb);
  await grantTestBank(testKafka(`enrol-${ispb}`), topicNames(topicPrefix), identity);
  return identity;
}

/**
 * The hub records a bank's certificate when it issues it (or first sees it on a connection): the
 * run's bank identities are issued straight from the authority, so a test hub is told of them here,
 * before the bank's first signed message.
 */
export async function knowBankIdentity(hub: Pick<TestHub, 'hub'>, ispb: string): Promise<void> {
  await hub.hub.certificates.record((await bankIdentity(ispb)).certificate);
}
