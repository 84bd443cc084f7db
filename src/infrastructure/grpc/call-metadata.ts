import type { Metadata } from '@grpc/grpc-js';

/** The call metadata a bank sends with a directory call to name the payer it looks up for. */
export const END_USER_METADATA = 'codepix-end-user';

/** The payer's tax id (CPF or CNPJ) when the bank named one; the use case validates it. */
export function endUserOf(metadata: Metadata): string | undefined {
  const [value] = metadata.get(END_USER_METADATA);
  return value === undefined ? undefined : value.toString();
}
