import type { Clock } from '../ports/clock';

/** A test clock that stands still until told to move. Hands out copies so no caller can move it. */
export class FixedClock implements Clock {
  private current: Date;

  constructor(start: Date | string = '2026-11-21T14:30:00Z') {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
