import { ValidationError } from '../../../src/domain';

/** A bank's face in its web app: its name and the colour its header and buttons wear. */
export interface Brand {
  name: string;
  ispb: string;
  /** `#rrggbb`, dark enough that white text on it reads (WCAG AA). */
  color: string;
}

/** A sober slate, for a bank started without a colour of its own. */
export const DEFAULT_BRAND_COLOR = '#2f4858';

/** WCAG AA for body text: white on the brand colour needs at least this contrast ratio. */
const AA_CONTRAST = 4.5;

/** The relative luminance of an sRGB colour (WCAG 2.2). */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** The contrast ratio of white text on `hex`, 1 to 21. */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

/**
 * The colour a bank is started with, checked once at start: a light colour would make its own pages
 * unreadable, so it is refused rather than served.
 */
export function brandColor(raw: string | undefined): string {
  if (raw === undefined || raw === '') return DEFAULT_BRAND_COLOR;
  const color = raw.trim().toLowerCase();
  if (!/^#[0-9a-f]{6}$/.test(color)) throw new ValidationError('color', 'a colour as #rrggbb');
  const ratio = contrastWithWhite(color);
  if (ratio < AA_CONTRAST)
    throw new ValidationError(
      'color',
      `white text on ${color} has contrast ${ratio.toFixed(2)}:1, under ${AA_CONTRAST}:1; pick a darker colour`,
    );
  return color;
}
