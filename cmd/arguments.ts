import { InvalidArgumentError, Option } from 'commander';

/** Parsers for the values people type after a flag; each refuses with a message commander prints as is. */

/** A `--flag <value>` limited to `names`, matched without regard to case. */
export function oneOf(flags: string, description: string, names: string[]): Option {
  return new Option(flags, description).choices(names).argParser((value) => {
    const match = names.find((name) => name.toLowerCase() === value.toLowerCase());
    if (!match) throw new InvalidArgumentError(`Allowed choices are ${names.join(', ')}.`);
    return match;
  });
}

/** An ISO 8601 date or date-time; a bare date is midnight UTC, a time without zone is local. */
export function parseIsoTime(raw: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw)) {
    throw new InvalidArgumentError('Expected an ISO 8601 time, like 2026-01-31 or 2026-01-31T14:30:00Z.');
  }
  // Date rolls impossible days over (2026-02-30 becomes March 2nd): check the calendar date first.
  const [year, month, day] = raw.slice(0, 10).split('-').map(Number);
  const calendar = new Date(Date.UTC(year, month - 1, day));
  const date = new Date(raw);
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError(`Not a real time: ${raw}.`);
  }
  return date;
}

/** A whole number from 1 to `max`. */
export function parseCount(raw: string, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > max) {
    throw new InvalidArgumentError(`Expected a whole number from 1 to ${max}.`);
  }
  return n;
}

const DURATION_UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** Longer than any transfer can have been stuck: 100 years. */
const DURATION_MS_MAX = 100 * 365 * 86_400_000;

/** A length of time such as `500ms`, `30s`, `1m`, `2h` or `7d`, in milliseconds. */
export function parseDuration(raw: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(raw.trim());
  const ms = match ? Number(match[1]) * DURATION_UNITS_MS[match[2] as keyof typeof DURATION_UNITS_MS] : 0;
  if (!match || ms < 1 || ms > DURATION_MS_MAX) {
    throw new InvalidArgumentError('Expected a length of time like 30s, 1m, 2h or 7d (at most 100 years).');
  }
  return ms;
}
