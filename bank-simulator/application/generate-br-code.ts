import {
  DYNAMIC_TXID_CHARS_MIN,
  inferKeyKind,
  NotFoundError,
  normaliseKey,
  STATIC_TXID_CHARS_MAX,
  TXID_CHARS_MAX,
  ValidationError,
} from '../../src/domain';
import {
  AccountClosedError,
  AccountNotFoundError,
  type BrCode,
  buildBrCode,
  Charge,
  ChargeTxidTakenError,
  parseAmount,
} from '../domain';
import type { BankTransactionRunner, Clock, HubDirectory, RandomSource } from './ports';

export interface BrCodeRequest {
  key?: unknown;
  amount?: unknown;
  dynamic?: unknown;
  txid?: unknown;
  description?: unknown;
  city?: unknown;
}

export interface GeneratedBrCode {
  payload: string;
  code: BrCode;
  /** A dynamic code's charge, recorded with it. */
  charge?: Charge;
}

export class KeyNotOfAccountError extends NotFoundError {
  constructor(key: string, number: string) {
    super('PIX_KEY.NOT_FOUND', `${key} is not an active key of account ${number}`);
  }
}

/** The txid a generated dynamic code gets when none is asked for: unique at this bank by its size. */
const GENERATED_TXID_CHARS = 32;
const STATIC_TXID = new RegExp(`^[A-Za-z0-9]{1,${STATIC_TXID_CHARS_MAX}}$`);
const DYNAMIC_TXID = new RegExp(`^[A-Za-z0-9]{${DYNAMIC_TXID_CHARS_MIN},${TXID_CHARS_MAX}}$`);

/**
 * A BR Code for one of a customer's keys, named after the account's owner. Static: reusable, with an
 * optional amount and txid, stored nowhere. Dynamic: for one payment of a required amount; the bank
 * records a charge under its txid (given, or made here), which the first incoming transfer carrying
 * that txid and amount pays. The key must be one the hub's directory lists for the account.
 */
export class GenerateBrCode {
  constructor(
    private readonly uow: BankTransactionRunner,
    private readonly hub: HubDirectory,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly defaultCity: string,
  ) {}

  async execute(number: string, input: BrCodeRequest): Promise<GeneratedBrCode> {
    const dynamic = input.dynamic ?? false;
    if (typeof dynamic !== 'boolean') throw new ValidationError('dynamic', 'must be true or false');
    const key = normaliseKey(inferKeyKind(input.key, 'key'), input.key, 'key');
    const amount = dynamic || given(input.amount) ? parseAmount(input.amount) : undefined;
    const txid = this.txid(input.txid, dynamic);
    const city = input.city ?? this.defaultCity;
    if (typeof city !== 'string') throw new ValidationError('city', 'must be a string');
    const description = input.description ?? undefined;
    if (description !== undefined && typeof description !== 'string') {
      throw new ValidationError('description', 'must be a string');
    }
    const account = await this.uow.read((store) => store.accounts.find(number));
    if (!account) throw new AccountNotFoundError(number);
    if (!account.isOpen) throw new AccountClosedError(number);
    const keys = await this.hub.listKeys(account);
    if (!keys.some((k) => k.key === key)) throw new KeyNotOfAccountError(key, number);
    const { payload, code } = buildBrCode({
      key,
      merchantName: account.props.ownerName,
      merchantCity: city,
      amount,
      description,
      txid,
      dynamic,
    });
    if (!dynamic || !amount || !txid) return { payload, code };
    const charge = Charge.open({ txid, account: number, key, amount, payload, createdAt: this.clock.now() });
    const recorded = await this.uow.run((tx) => tx.charges.insert(charge));
    if (!recorded) throw new ChargeTxidTakenError(txid);
    return { payload, code, charge };
  }

  private txid(value: unknown, dynamic: boolean): string | undefined {
    if (!given(value)) return dynamic ? this.random.alphanumerics(GENERATED_TXID_CHARS) : undefined;
    const [pattern, rule] = dynamic
      ? [DYNAMIC_TXID, `${DYNAMIC_TXID_CHARS_MIN} to ${TXID_CHARS_MAX} letters and digits`]
      : [STATIC_TXID, `1 to ${STATIC_TXID_CHARS_MAX} letters and digits`];
    if (typeof value !== 'string' || !pattern.test(value))
      throw new ValidationError('txid', `must be ${rule}`);
    return value;
  }
}

const given = (value: unknown) => value !== undefined && value !== null && value !== '';
