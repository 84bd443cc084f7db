import type { IdGenerator } from '../ports/id-generator';

/**
 * A test IdGenerator: predictable ids in UUID v4 shape (version nibble 4, variant a), so they pass the
 * same checks as random ones (EVP keys, uuid columns). The letter `a` makes case-folding observable.
 * `issued` lists every id handed out, in order.
 */
export class SequentialIds implements IdGenerator {
  readonly issued: string[] = [];

  uuid(): string {
    const id = `00000000-0000-4000-a000-${(this.issued.length + 1).toString(16).padStart(12, '0')}`;
    this.issued.push(id);
    return id;
  }
}
