import { displayWidth } from './table';

/** How results reach stdout: aligned text for people (tables: ./table), or JSON (`--json`) for scripts. */

const pad = (s: string, to: number) => s + ' '.repeat(Math.max(0, to - displayWidth(s)));

/** `label  value` lines, labels aligned. */
export function keyValues(pairs: Array<[string, string]>): string {
  const labelWidth = Math.max(...pairs.map(([label]) => displayWidth(label)));
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
