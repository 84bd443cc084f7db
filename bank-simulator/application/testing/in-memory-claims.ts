import type { BankClaim } from '../../domain';
import type { ClaimRepository } from '../ports';

const newestFirst = (a: BankClaim, b: BankClaim) =>
  b.props.createdAt.getTime() - a.props.createdAt.getTime() || b.id.localeCompare(a.id);
const longestWaitingFirst = (a: BankClaim, b: BankClaim) =>
  a.props.updatedAt.getTime() - b.props.updatedAt.getTime();

/** The bank's claims as a map, ordered as the adapter orders them. */
export function inMemoryClaims(claims: Map<string, BankClaim>): ClaimRepository {
  const all = () => [...claims.values()];
  return {
    lock: async (ids) =>
      new Map(ids.flatMap((id) => (claims.has(id) ? [[id, claims.get(id) as BankClaim]] : []))),
    find: async (id) => claims.get(id),
    save: async (list) => {
      for (const c of list) claims.set(c.id, c);
    },
    listByAccount: async (account, limit) =>
      all()
        .filter((c) => c.roleOf(account))
        .sort(newestFirst)
        .slice(0, limit),
    awaitingAcknowledgement: async (limit) =>
      all()
        .filter((c) => c.awaitsAcknowledgement)
        .sort(longestWaitingFirst)
        .slice(0, limit),
  };
}
