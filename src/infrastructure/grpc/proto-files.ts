import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** proto/ sits at the package root, whether running from src/ (ts-jest) or dist/ (built). */
export function protoRoot(from = __dirname): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'proto', 'codepix', 'v1'))) return path.join(dir, 'proto');
  }
  throw new Error(`cannot find proto/codepix/v1 above ${from}`);
}

export function protoFiles(root = protoRoot()): string[] {
  return readdirSync(path.join(root, 'codepix', 'v1'))
    .filter((f) => f.endsWith('.proto'))
    .map((f) => `codepix/v1/${f}`);
}
