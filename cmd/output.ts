/** How results reach stdout: aligned text for people, or JSON (`--json`) for scripts. */

export type Row = Record<string, string>;

/** Display width of a string, counting characters rather than UTF-16 units. */
const width = (s: string) => [...s.normalize('NFC')].length;
const pad = (s: string, to: number) => s + ' '.repeat(Math.max(0, to - width(s)));

/** Columns aligned under upper-case headers, two spaces apart; the last column is not padded. */
export function table(columns: Record<string, string>, rows: Row[]): string {
  const keys = Object.keys(columns);
  const lines = [Object.fromEntries(keys.map((k) => [k, columns[k]])), ...rows];
  const widths = keys.map((k) => Math.max(...lines.map((line) => width(line[k] ?? ''))));
  return lines
    .map((line) =>
      keys
        .map((k, i) => (i === keys.length - 1 ? (line[k] ?? '') : pad(line[k] ?? '', widths[i])))
        .join('  '),
    )
    .join('\n');
}

/** `label  value` lines, labels aligned. */
export function keyValues(pairs: Array<[string, string]>): string {
  const labelWidth = Math.max(...pairs.map(([label]) => width(label)));
  return pairs.map(([label, value]) => `${pad(label, labelWidth)}  ${value}`).join('\n');
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printText(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Prints `json` with --json, else the human rendering. */
export function emit(asJson: boolean, json: unknown, human: () => string): void {
  if (asJson) printJson(json);
  else printText(human());
}

/** ISO 8601 to the second: exact enough for people, and what --json prints in full. */
export function shortTime(iso: string | null): string {
  return iso ? iso.replace(/\.\d{3}Z$/, 'Z') : '-';
}
