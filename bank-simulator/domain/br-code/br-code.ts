import type { Money } from '../../../src/domain';

/*
 * The BR Code ("Pix Copia e Cola"): the text of a Pix QR code, in EMV QRCPS Merchant Presented Mode,
 * as the BCB's "Manual de Padrões para Iniciação do Pix" defines it. Every field is an EMV data object
 * (2-digit id, 2-digit length, value); 26 and 62 are templates of such objects.
 */

/** 11: reusable, any number of payments; 12: for one payment (field 01, Point of Initiation Method). */
export type BrCodeInitiation = 'static' | 'dynamic';

export const BR_CODE_GUI = 'br.gov.bcb.pix';
/** A txid a static code carries when it names none (62.05). */
export const NO_TXID = '***';

/** A BR Code as read and validated, or as about to be written. */
export interface BrCode {
  initiation: BrCodeInitiation;
  /** 26.01: the Pix key to pay; absent when the code names a URL instead. */
  key?: string;
  /** 26.25: where a PSP serves the charge of a dynamic code (no scheme: `pix.example.com/qr/…`). */
  url?: string;
  /** 26.02: a note from the payee to the payer. */
  description?: string;
  /** 54: absent when the payer chooses the amount. */
  amount?: Money;
  /** 52: merchant category code, `0000` when none. */
  categoryCode: string;
  merchantName: string;
  merchantCity: string;
  /** 61, optional. */
  postalCode?: string;
  /** 62.05: `***` when a static code names none. */
  txid: string;
  /** 63, four upper-case hex digits. */
  crc: string;
}

/** The txid a transfer paying this code carries: none for `***`. */
export function txidOf(code: Pick<BrCode, 'txid'>): string | undefined {
  return code.txid === NO_TXID ? undefined : code.txid;
}
