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
