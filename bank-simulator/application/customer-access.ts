import { claimIdOf } from '../../src/domain';
import {
  ChargeNotFoundError,
  ClaimNotFoundError,
  CustomerOnlyError,
  NotYourAccountError,
  OperatorOnlyError,
  type Principal,
  type TransferDirection,
  TransferNotFoundError,
} from '../domain';
import type { BankStore, BankTransactionRunner } from './ports';

/** Which side of a claim a step is taken for: the claimer's, the donor's, or either. */
export type ClaimSide = 'claimer' | 'donor' | 'either';

/**
 * Who may reach what, one rule per kind of thing. The operator reaches everything. A customer reaches
 * the accounts their tax id owns and what belongs to those accounts. Refusals keep strangers' things
 * unknown: an account not theirs is 403 whether or not it exists (numbers are no secret, but existence
 * is not confirmed either), and a transfer, claim or charge not theirs is 404, as if there were none.
 */
export class CustomerAccess {
  constructor(private readonly uow: BankTransactionRunner) {}

  operator(principal: Principal): void {
    if (principal.kind !== 'operator') throw new OperatorOnlyError();
  }

  /** The customer's tax id; the operator is refused. */
  customer(principal: Principal): string {
    if (principal.kind !== 'customer') throw new CustomerOnlyError();
    return principal.taxId;
  }

  async account(principal: Principal, number: string): Promise<void> {
    if (principal.kind === 'operator') return;
    const owned = await this.uow.read((store) => owns(store, principal.taxId, number));
    if (!owned) throw new NotYourAccountError();
  }

  /**
   * The side of the transfer the principal may read: the one asked for, which must be theirs, or
   * (none asked) the outgoing record if it is theirs, else the incoming one. The operator's ask stands.
   */
  async transfer(
    principal: Principal,
    endToEndId: string,
    asked?: TransferDirection,
  ): Promise<TransferDirection | undefined> {
    if (principal.kind === 'operator') return asked;
    const records = await this.uow.read((store) => store.transfers.find(endToEndId));
    const sides = asked ? [asked] : (['outgoing', 'incoming'] as const);
    for (const side of sides) {
      const record = records.find((r) => r.direction === side);
      if (record && (await this.uow.read((s) => owns(s, principal.taxId, record.props.account)))) return side;
    }
    throw new TransferNotFoundError(endToEndId);
  }

  async claim(principal: Principal, id: string, side: ClaimSide): Promise<void> {
    if (principal.kind === 'operator') return;
    const known = claimIdOf(id);
    const claim = known && (await this.uow.read((store) => store.claims.find(known)));
    const { claimerAccount, donorAccount } = claim ? claim.props : {};
    const accounts = {
      claimer: [claimerAccount],
      donor: [donorAccount],
      either: [claimerAccount, donorAccount],
    };
    for (const number of accounts[side]) {
      if (number && (await this.uow.read((store) => owns(store, principal.taxId, number)))) return;
    }
    throw new ClaimNotFoundError(id);
  }

  async charge(principal: Principal, txid: string): Promise<void> {
    if (principal.kind === 'operator') return;
    const charge = await this.uow.read((store) => store.charges.find(txid));
    if (!charge || !(await this.uow.read((s) => owns(s, principal.taxId, charge.props.account)))) {
      throw new ChargeNotFoundError(txid);
    }
  }
}

async function owns(store: BankStore, taxId: string, number: string): Promise<boolean> {
  const account = await store.accounts.find(number);
  return account?.props.ownerTaxId.value === taxId;
}
