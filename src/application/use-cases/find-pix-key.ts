import { inferKeyKind, NotFoundError, normaliseKey } from '../../domain';
import type { PixKeyView } from '../pix-key-view';
import type { BankRepository } from '../ports/bank-repository';
import type { PixKeyRepository } from '../ports/pix-key-repository';
import { requireActiveBank } from '../require-active-bank';

/** Normalises any key the way registration does, so `Maria@Example.COM` finds `maria@example.com`. */
export function parseAnyKey(value: unknown): string {
  return normaliseKey(inferKeyKind(value), value);
}

export class FindPixKey {
  constructor(
    private readonly banks: BankRepository,
    private readonly pixKeys: PixKeyRepository,
  ) {}

  async execute(input: { ispb: unknown; key: unknown }): Promise<PixKeyView> {
    const key = parseAnyKey(input.key);
    await requireActiveBank(this.banks, input.ispb);
    const view = await this.pixKeys.findView(key);
    // A deactivated bank can receive nothing, so its keys lead nowhere: they are not shown.
    const holder = view && (await this.banks.findByIspb(view.ispb));
    if (!view || !holder?.active) throw new NotFoundError('PIX_KEY.NOT_FOUND', `no active key ${key}`);
    return view;
  }
}
