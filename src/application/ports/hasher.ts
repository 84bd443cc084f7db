export interface Hasher {
  /** Hex SHA-256 of the UTF-8 text: the fingerprint of a transfer request's payload. */
  sha256(text: string): string;
}
