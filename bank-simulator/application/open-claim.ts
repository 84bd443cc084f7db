import { PIX_KEY_CHARS_MAX, parseClaimKind, requireText } from '../../src/domain';
import { AccountClosedError, AccountNotFoundError } from '../domain';
import { recordClaim } from './claim-batch';
import type { HubClaim } from './messages';
import type { BankTransactionRunner, HubClaims } from './ports';

/**
 * Claims a key registered at another bank (or, for ownership, for another person) for a customer's
 * account: the bank is the claimer. The hub checks the key and decides; its answer is recorded, since
 * the hub tells the claimer of every later step but not of the opening it answered.
 */
export class OpenClaim {
  constructor(
    private readonly ispb: string,
    private readonly uow: BankTransactionRunner,
    private readonly hub: HubClaims,
  ) {}

  async execute(number: string, input: { kind?: unknown; key?: unknown }): Promise<HubClaim> {
    const kind = parseClaimKind(input.kind, 'kind');
    // The hub reads the key (its kind, its normal form) and names it in a refusal.
    const key = requireText(input.key, 'key', PIX_KEY_CHARS_MAX);
    const account = await this.uow.read((store) => store.accounts.find(number));
    if (!account) throw new AccountNotFoundError(number);
    if (!account.isOpen) throw new AccountClosedError(number);
    const claim = await this.hub.createClaim(account, kind, key);
    await recordClaim(this.uow, this.ispb, claim);
    return claim;
  }
}
