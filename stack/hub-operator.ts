import { Metadata } from '@grpc/grpc-js';
import { channelCredentials } from '../lib/security/client-credentials';
import type { LoadedIdentity } from '../lib/security/identity-files';
import { type Transfer, TransferServiceClient } from '../src/gen/codepix/v1/transfer';

/** What a stack asks of the hub as its operator: settlement money for a bank, and transfers as the hub has them. */
export class HubOperator {
  private client?: TransferServiceClient;

  constructor(
    private readonly address: () => string,
    private readonly identity: () => LoadedIdentity | undefined,
  ) {}

  /** Central-bank money for a bank's settlement account; an idempotency key makes a retry harmless. */
  fund(ispb: string, amount: bigint, idempotencyKey = ''): Promise<void> {
    return new Promise((resolve, reject) =>
      this.transfers().fundSettlementAccount(
        { ispb, amount, idempotencyKey },
        new Metadata(),
        { deadline: Date.now() + 15_000 },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
  }

  /** A transfer as the hub shows it to the operator, with what was refunded of it. */
  transfer(endToEndId: string): Promise<Transfer> {
    return new Promise((resolve, reject) =>
      this.transfers().getTransfer(
        { endToEndId },
        new Metadata(),
        { deadline: Date.now() + 15_000 },
        (err, t) => (err ? reject(err) : resolve(t)),
      ),
    );
  }

  close(): void {
    this.client?.close();
  }

  /** The operator's client of the first hub's TransferService, made once. */
  private transfers(): TransferServiceClient {
    this.client ??= new TransferServiceClient(this.address(), channelCredentials(this.identity()));
    return this.client;
  }
}
