import fc from 'fast-check';
import { Account } from './account';
import { PreconditionError, ValidationError } from './errors';
import { PixKey } from './pix-key';
import type { KeyKind } from './pix-key-value';
import { thrown } from './testing/refusal';

const OWNER_CPF = '52998224725';
const OTHER_CPF = '12345678909';
const OWNER_CNPJ = '11222333000181';
const OTHER_CNPJ = '07924402685981';
const EVP = '3f2c1b0a-9d8e-4f7a-8b6c-5d4e3f2a1b0c';
const now = new Date('2026-11-21T14:30:00Z');

function account(ownerTaxId: string): Account {
  const input = { ispb: '11111111', branch: '1', number: '42', type: 'CACC', ownerName: 'Owner', ownerTaxId };
  return Account.create(input, `acc-${ownerTaxId}`);
}
const person = account(OWNER_CPF);
const company = account(OWNER_CNPJ);

function register(kind: KeyKind, value: unknown, owner = person, generatedEvp = EVP): PixKey {
  return PixKey.register({ id: 'key-1', kind, value, generatedEvp, account: owner, now });
}

function expectOwnerMismatch(fn: () => unknown): void {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(PreconditionError);
  expect(error).toMatchObject({ code: 'PIX_KEY.OWNER_MISMATCH', kind: 'precondition' });
}

describe('PixKey.register', () => {
  it('registers an active key with the given id, account and time', () => {
    const key = register('email', 'Maria@Example.COM');
    expect(key.id).toBe('key-1');
    expect(key.kind).toBe('email');
    expect(key.key).toBe('maria@example.com');
    expect(key.account).toBe(person);
    expect(key.status).toBe('active');
    expect(key.createdAt).toBe(now);
    expect(key.deletedAt).toBeUndefined();
  });

  it('registers a phone key unchanged', () => {
    expect(register('phone', '+5511987654321').key).toBe('+5511987654321');
  });

  it('refuses a badly formed value with a ValidationError on field key', () => {
    for (const [kind, value] of [
      ['email', 'a@b'],
      ['phone', '11987654321'],
      ['cpf', '5299822472'],
      ['cnpj', '11222333000182'],
    ] as const) {
      const error = thrown(() => register(kind, value, kind === 'cnpj' ? company : person));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('key');
    }
  });
});

describe('cpf and cnpj keys must be the owner’s own', () => {
  it('accepts the owner’s CPF as a cpf key', () => {
    expect(register('cpf', OWNER_CPF).key).toBe(OWNER_CPF);
  });

  it('refuses another valid CPF', () => {
    expectOwnerMismatch(() => register('cpf', OTHER_CPF));
  });

  it('accepts the owner’s CNPJ as a cnpj key', () => {
    expect(register('cnpj', OWNER_CNPJ, company).key).toBe(OWNER_CNPJ);
  });

  it('refuses another valid CNPJ', () => {
    expectOwnerMismatch(() => register('cnpj', OTHER_CNPJ, company));
  });

  it('refuses a cpf key on a company’s account', () => {
    expectOwnerMismatch(() => register('cpf', OWNER_CPF, company));
  });

  it('refuses a cnpj key on a person’s account', () => {
    expectOwnerMismatch(() => register('cnpj', OWNER_CNPJ, person));
  });

  it('does not apply the owner rule to email, phone and evp', () => {
    expect(register('email', 'x@y.io', company).status).toBe('active');
    expect(register('phone', '+14155552671', company).status).toBe('active');
    expect(register('evp', undefined, company).status).toBe('active');
  });
});

describe('evp keys', () => {
  it('use the generated value when the caller sends none', () => {
    fc.assert(
      fc.property(fc.uuid({ version: 4 }), fc.constantFrom(undefined, null, ''), (generated, sent) => {
        expect(register('evp', sent, person, generated).key).toBe(generated.toLowerCase());
      }),
    );
  });

  it('never take the caller’s value: a sent value is refused on field key', () => {
    fc.assert(
      fc.property(
        fc.uuid({ version: 4 }),
        fc.oneof(fc.uuid({ version: 4 }), fc.string({ minLength: 1 })),
        (generated, sent) => {
          const error = thrown(() => register('evp', sent, person, generated));
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).field).toBe('key');
        },
      ),
    );
  });

  it('store the generated value in lower case', () => {
    expect(register('evp', undefined, person, EVP.toUpperCase()).key).toBe(EVP);
  });
});

describe('PixKey.delete', () => {
  it('marks the key deleted at the given time', () => {
    const key = register('email', 'maria@example.com');
    const at = new Date('2026-11-22T00:00:00Z');
    key.delete(at);
    expect(key.status).toBe('deleted');
    expect(key.deletedAt).toBe(at);
  });

  it('refuses a second delete and keeps the first time', () => {
    const key = register('phone', '+5511987654321');
    const first = new Date('2026-11-22T00:00:00Z');
    key.delete(first);
    const error = thrown(() => key.delete(new Date('2026-11-23T00:00:00Z')));
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error).toMatchObject({ code: 'PIX_KEY.ALREADY_DELETED', kind: 'precondition' });
    expect(key.deletedAt).toBe(first);
    expect(key.status).toBe('deleted');
  });

  it('refuses to delete a key restored as deleted', () => {
    const active = register('cpf', OWNER_CPF);
    const restored = PixKey.restore({
      id: active.id,
      kind: active.kind,
      key: active.key,
      account: active.account,
      status: 'deleted',
      createdAt: now,
      deletedAt: now,
    });
    expect(() => restored.delete(new Date())).toThrow(PreconditionError);
    expect(active.status).toBe('active');
  });

  it('leaves the value free: the same key registers again as a new active key', () => {
    const first = register('email', 'maria@example.com');
    first.delete(now);
    const again = register('email', 'MARIA@example.com');
    expect(again.key).toBe(first.key);
    expect(again.status).toBe('active');
  });
});
