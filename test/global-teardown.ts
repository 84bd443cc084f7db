import fs from 'node:fs';
import { INFRA_LOG, type TestInfraHandle } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const handle: TestInfraHandle | undefined = globalThis.codepixTestInfra;
  if (!handle) return;
  globalThis.codepixTestInfra = undefined;
  await handle.infra.stop();
  fs.rmSync(handle.home, { recursive: true, force: true });
  // A run whose tests all passed keeps no logs; a failing test's are next to the infrastructure's.
  const kept = fs.readdirSync(handle.logs);
  if (kept.every((name) => name === INFRA_LOG)) fs.rmSync(handle.logs, { recursive: true, force: true });
}
