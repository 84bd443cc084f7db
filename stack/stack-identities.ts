import path from 'node:path';
import { identityPaths, type LoadedIdentity, loadIdentity, pkiLayout } from '../lib/security/identity-files';

/**
 * Who is who in a stack, with security on: the PKI folder's authority, hub, operator and broker, and
 * each bank's identity where `codepix bank register` wrote it. The banks' go under the stack's home,
 * never into the PKI folder: a test run's is shared by every test file, and a fresh certificate per
 * stack is a principal of its own on the broker. With security off there are none.
 */
export class StackIdentities {
  constructor(
    readonly security: boolean,
    readonly pkiDir: string,
    private readonly home: string,
  ) {}

  /** Where a bank's identity is written and read (used with security on only). */
  bankDir(ispb: string): string {
    return path.join(this.home, 'identities', ispb);
  }

  bank(ispb: string): LoadedIdentity | undefined {
    return this.security ? loadIdentity(identityPaths(this.bankDir(ispb)), 'bank') : undefined;
  }

  /** The hub's: a super user of the broker, so it may read, write and delete every topic. */
  hub(): LoadedIdentity | undefined {
    return this.security ? loadIdentity(identityPaths(pkiLayout(this.pkiDir).hub), 'hub') : undefined;
  }

  /** The operator's: the one that may register banks and fund settlement accounts. */
  operator(): LoadedIdentity | undefined {
    return this.security
      ? loadIdentity(identityPaths(pkiLayout(this.pkiDir).operator), 'operator')
      : undefined;
  }
}
