export interface IdGenerator {
  /** A random UUID v4: record ids and EVP keys. */
  uuid(): string;
}
