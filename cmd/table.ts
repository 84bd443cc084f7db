import Table from 'cli-table3';

/**
 * Every table the CLI, the benchmarks and the chaos harness print for people: upper-case headers
 * underlined, one row a line, columns two spaces apart. Scripts read `--json` instead, so the look may
 * change; what a table must never do is cut a value short.
 */

export type Row = Record<string, string>;

export interface Column {
  head: string;
  /** Figures read best right-aligned, so their digits line up. */
  align?: 'left' | 'right';
}

/** What a table is printed on: process.stdout, or a stand-in for one in tests. */
export interface Screen {
  isTTY?: boolean;
  columns?: number;
}

const GAP = '  ';
const NONE = '';
/** No frame: only the line under the headers (compact style draws no line between other rows). */
const CHARS = {
  top: NONE,
  'top-mid': NONE,
  'top-left': NONE,
  'top-right': NONE,
  bottom: NONE,
  'bottom-mid': NONE,
  'bottom-left': NONE,
  'bottom-right': NONE,
  left: NONE,
  'left-mid': NONE,
  mid: '─',
  'mid-mid': GAP,
  right: NONE,
  'right-mid': NONE,
  middle: GAP,
};

/** Display width, counting characters rather than UTF-16 units (the CLI prints accented names). */
export const displayWidth = (s: string) => [...s.normalize('NFC')].length;

// biome-ignore lint/suspicious/noControlCharactersInRegex: an ANSI colour's end is what it matches
const TRAILING_SPACE = /\s+((?:\u001b\[\d+m)*)$/;

const longestWord = (s: string) => Math.max(0, ...s.split(/\s+/).map(displayWidth));

/** Colour is for a person at a terminal: never in a pipe or a file, nor where NO_COLOR is set. */
const coloured = (screen: Screen) => screen.isTTY === true && process.env.NO_COLOR === undefined;

/**
 * Bold by hand: cli-table3's own styles ask @colors/colors, which looks at process.stdout rather
 * than the screen the table is for (and so prints no colour at all under CI, whatever the screen).
 */
const bold = (s: string) => `\u001b[1m${s}\u001b[22m`;

/**
 * Column widths that fit `room`, taken from the widest columns first; a column never gets narrower
 * than its longest word, so values wrap at spaces and are never cut. May still exceed `room` when
 * the words alone do not fit: then the terminal wraps the line, which loses nothing either.
 */
function fitWidths(natural: number[], least: number[], room: number): number[] {
  const widths = [...natural];
  let excess = widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1) - room;
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if (widths[i] > least[i] && (widest < 0 || widths[i] > widths[widest])) widest = i;
    }
    if (widest < 0) break;
    widths[widest]--;
    excess--;
  }
  return widths;
}

/**
 * `rows` under `columns` (key → header), in the columns' order; a missing value prints empty. On a
 * terminal narrower than the table, long values wrap inside their column.
 */
export function table(
  columns: Record<string, string | Column>,
  rows: Row[],
  screen: Screen = process.stdout,
): string {
  const keys = Object.keys(columns);
  const specs = keys.map((k): Column => {
    const c = columns[k];
    return typeof c === 'string' ? { head: c } : c;
  });
  const cells = rows.map((row) => keys.map((k) => row[k] ?? ''));
  // Each column's natural width (its widest value) and least width (its longest word).
  const natural = specs.map((c) => displayWidth(c.head));
  const least = specs.map((c) => longestWord(c.head));
  for (const line of cells) {
    line.forEach((value, i) => {
      natural[i] = Math.max(natural[i], displayWidth(value));
      least[i] = Math.max(least[i], longestWord(value));
    });
  }
  const room = screen.isTTY ? (screen.columns ?? 0) : 0;
  const tooWide = room > 0 && natural.reduce((a, b) => a + b, 0) + GAP.length * (keys.length - 1) > room;
  const rendered = new Table({
    head: specs.map((c) => (coloured(screen) ? bold(c.head) : c.head)),
    colAligns: specs.map((c) => c.align ?? 'left'),
    chars: CHARS,
    style: {
      head: [],
      border: [],
      'padding-left': 0,
      'padding-right': 0,
      compact: true,
    },
    ...(tooWide ? { colWidths: fitWidths(natural, least, room), wordWrap: true } : {}),
  });
  rendered.push(...cells);
  // Cells are padded to their column's width; the end of a line need not be (nor before a colour's end).
  return rendered
    .toString()
    .split('\n')
    .map((line) => line.replace(TRAILING_SPACE, '$1'))
    .join('\n');
}
