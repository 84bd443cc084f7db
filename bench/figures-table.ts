import { table } from '../cmd/table';

/** One closing figure of a benchmark: what it is, its value and what to read it against. */
export type Figure = [what: string, value: string, note: string];

/** A benchmark's closing figures, as the CLI prints its tables; values right-aligned. */
export const figuresTable = (figures: Figure[]): string =>
  table(
    { what: 'FIGURE', value: { head: 'VALUE', align: 'right' }, note: 'NOTE' },
    figures.map(([what, value, note]) => ({ what, value, note })),
  );
