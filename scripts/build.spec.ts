import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `npm run dev` on a built tree starts without building: what makes a step stale, on a tree of files. */
const { staleSteps } = require('./build.js') as {
  staleSteps(root: string): { gen: boolean; tsc: boolean };
};

let root: string;
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
function file(name: string, seconds: number): void {
  const full = path.join(root, name);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, '');
  utimesSync(full, at(seconds), at(seconds));
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'codepix-build-'));
  // A tree as the last build left it: proto, then the generated code, then the sources, then dist.
  file('proto/codepix/v1/pix_key.proto', 1);
  file('src/gen/descriptor-set.ts', 2);
  file('src/domain/money.ts', 3);
  file('cmd/codepix.ts', 3);
  file('dist/.build-stamp', 4);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('staleSteps', () => {
  it('builds nothing on a tree built since its last change', () => {
    expect(staleSteps(root)).toEqual({ gen: false, tsc: false });
  });

  it('compiles when a source changed, and ignores a changed test', () => {
    file('cmd/money.spec.ts', 9);
    expect(staleSteps(root)).toEqual({ gen: false, tsc: false });
    file('cmd/codepix.ts', 9);
    expect(staleSteps(root)).toEqual({ gen: false, tsc: true });
  });

  it('generates and compiles when a proto changed, or nothing was built yet', () => {
    file('proto/codepix/v1/pix_key.proto', 9);
    expect(staleSteps(root)).toEqual({ gen: true, tsc: true });
    rmSync(path.join(root, 'src/gen'), { recursive: true });
    rmSync(path.join(root, 'dist'), { recursive: true });
    expect(staleSteps(root)).toEqual({ gen: true, tsc: true });
  });

  it('compiles when the build never finished (no stamp)', () => {
    rmSync(path.join(root, 'dist/.build-stamp'));
    expect(staleSteps(root)).toEqual({ gen: false, tsc: true });
  });
});
