import fs from 'node:fs';
import type { TestInfraHandle } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const handle: TestInfraHandle | undefined = globalThis.codepixTestInfra;
  if (!handle) return;
  globalThis.codepixTestInfra = undefined;
  await handle.infra.stop();
  fs.rmSync(handle.home, { recursive: true, force: true });
}
