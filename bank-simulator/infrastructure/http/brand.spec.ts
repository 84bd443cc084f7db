import { brandColor, contrastWithWhite, DEFAULT_BRAND_COLOR } from './brand';

describe('brand colour', () => {
  it('measures contrast as WCAG does: white on black 21:1, on white 1:1', () => {
    expect(contrastWithWhite('#000000')).toBeCloseTo(21, 5);
    expect(contrastWithWhite('#ffffff')).toBeCloseTo(1, 5);
    // A known pair: #767676 is the lightest grey with 4.5:1 against white.
    expect(contrastWithWhite('#767676')).toBeGreaterThanOrEqual(4.5);
    expect(contrastWithWhite('#777777')).toBeLessThan(4.5);
  });

  it('takes a dark #rrggbb, in either case, and defaults when none is given', () => {
    expect(brandColor('#1D4ED8')).toBe('#1d4ed8');
    expect(brandColor(undefined)).toBe(DEFAULT_BRAND_COLOR);
    expect(brandColor('')).toBe(DEFAULT_BRAND_COLOR);
    expect(contrastWithWhite(DEFAULT_BRAND_COLOR)).toBeGreaterThanOrEqual(4.5);
  });

  it('refuses what is not a colour, and a colour white text would be hard to read on', () => {
    expect(() => brandColor('blue')).toThrow(/#rrggbb/);
    expect(() => brandColor('#fff')).toThrow(/#rrggbb/);
    expect(() => brandColor('#ffd700')).toThrow(/contrast 1\.\d\d:1, under 4.5:1/);
  });
});
