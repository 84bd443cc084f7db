/** Injection tokens, all in one place. */
export const TOKENS = {
  Config: Symbol.for('Config'),
  Logger: Symbol.for('Logger'),
  DataSource: Symbol.for('DataSource'),
  Clock: Symbol.for('Clock'),
  IdGenerator: Symbol.for('IdGenerator'),
  BankRepository: Symbol.for('BankRepository'),
  AccountRepository: Symbol.for('AccountRepository'),
  PixKeyRepository: Symbol.for('PixKeyRepository'),
  RegisterBank: Symbol.for('RegisterBank'),
  ListBanks: Symbol.for('ListBanks'),
  DeactivateBank: Symbol.for('DeactivateBank'),
  RegisterPixKey: Symbol.for('RegisterPixKey'),
  FindPixKey: Symbol.for('FindPixKey'),
  DeletePixKey: Symbol.for('DeletePixKey'),
  ListPixKeys: Symbol.for('ListPixKeys'),
} as const;
