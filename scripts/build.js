#!/usr/bin/env node
// Builds the project: the gRPC code from proto/ (gen-proto.js), then TypeScript into dist/ (tsc), then
// the pages in web/ into dist/web (their TypeScript as browser modules, the rest copied as it is).
// With --if-stale (what `npm run dev` uses) each step runs only when its inputs changed since it last
// ran, so starting on a built tree costs a directory walk, not a build.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
/** What the generated code is made from, and the file gen-proto.js writes last. */
const GEN_INPUTS = ['proto', 'buf.gen.yaml', 'buf.yaml', 'scripts/gen-proto.js'];
const GEN_OUTPUT = 'src/gen/descriptor-set.ts';
/** What dist/ is compiled from (tsconfig.build.json), and the stamp a finished build leaves. */
const TSC_INPUTS = [
  'lib',
  'src',
  'cmd',
  'migrations',
  'bench',
  'bank-simulator',
  'chaos',
  'stack',
  'web',
  'tsconfig.json',
  'tsconfig.build.json',
  'tsconfig.web.json',
];
const TSC_STAMP = 'dist/.build-stamp';
/** Files tsconfig.build.json leaves out: editing a test does not make dist/ stale. */
const NOT_BUILT = /\.(spec|test)\.ts$/;

/** The newest modification time under `entries` (files or folders, relative to `root`); 0 if none. */
function newest(root, entries) {
  let latest = 0;
  const visit = (file) => {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return; // not there (yet): nothing to compare
    }
    if (stat.isDirectory()) for (const name of fs.readdirSync(file)) visit(path.join(file, name));
    else if (!NOT_BUILT.test(file)) latest = Math.max(latest, stat.mtimeMs);
  };
  for (const entry of entries) visit(path.join(root, entry));
  return latest;
}

const mtime = (file) => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};

/** Which steps a build of `root` needs: gen when proto/ is newer than its output, tsc when any source is. */
function staleSteps(root) {
  const genAt = mtime(path.join(root, GEN_OUTPUT));
  const builtAt = mtime(path.join(root, TSC_STAMP));
  const gen = genAt === undefined || newest(root, GEN_INPUTS) > genAt;
  const tsc = gen || builtAt === undefined || newest(root, TSC_INPUTS) > builtAt;
  return { gen, tsc };
}

/** The pages' HTML, CSS and images, copied beside their compiled scripts. */
function copyAssets(from, to) {
  if (!fs.existsSync(from)) return;
  fs.cpSync(from, to, { recursive: true, filter: (file) => !file.endsWith('.ts') });
}

function build(root, { ifStale }) {
  const steps = ifStale ? staleSteps(root) : { gen: true, tsc: true };
  if (!steps.tsc) return steps;
  if (ifStale) process.stderr.write('building: sources changed since the last build...\n');
  if (steps.gen)
    execFileSync(process.execPath, [path.join(root, 'scripts/gen-proto.js')], {
      cwd: root,
      stdio: 'inherit',
    });
  // Stamped with the time tsc began (after gen wrote src/gen): a file saved while tsc ran makes the
  // next start build again.
  const began = new Date();
  const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
  execFileSync(tsc, ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(tsc, ['-p', 'tsconfig.web.json'], { cwd: root, stdio: 'inherit' });
  copyAssets(path.join(root, 'web'), path.join(root, 'dist', 'web'));
  fs.writeFileSync(path.join(root, TSC_STAMP), `${began.toISOString()}\n`);
  fs.utimesSync(path.join(root, TSC_STAMP), began, began);
  return steps;
}

module.exports = { staleSteps, build };

if (require.main === module) {
  try {
    build(ROOT, { ifStale: process.argv.includes('--if-stale') });
  } catch (error) {
    // tsc and buf have printed what went wrong.
    process.exit(typeof error.status === 'number' ? error.status : 1);
  }
}
