import { credentials } from '@grpc/grpc-js';
import { BankServiceClient } from '../../src/gen/codepix/v1/bank';
import { PixKeyServiceClient } from '../../src/gen/codepix/v1/pix_key';
import { loadConfig } from '../../src/infrastructure/config/config';
import { type Hub, startHub } from '../../src/infrastructure/hub';
import { createLogger } from '../../src/infrastructure/logger';
import { createTestDatabase } from './database';

export interface TestHub {
  hub: Hub;
  address: string;
  databaseUrl: string;
  banks: BankServiceClient;
  keys: PixKeyServiceClient;
  stop(): Promise<void>;
}

/**
 * A real hub on a random port over its own fresh database (or, for a second instance, the given one),
 * with clients made from the generated code.
 */
export async function startTestHub(name: string, sharedDatabaseUrl?: string): Promise<TestHub> {
  const databaseUrl = sharedDatabaseUrl ?? (await createTestDatabase(name));
  const config = { ...loadConfig(), grpcHost: '127.0.0.1', grpcPort: 0 };
  const hub = await startHub({ config, logger: createLogger('warn'), databaseUrl, migrate: true });
  const address = `127.0.0.1:${hub.grpcPort}`;
  const banks = new BankServiceClient(address, credentials.createInsecure());
  const keys = new PixKeyServiceClient(address, credentials.createInsecure());
  return {
    hub,
    address,
    databaseUrl,
    banks,
    keys,
    stop: async () => {
      banks.close();
      keys.close();
      await hub.stop();
    },
  };
}
