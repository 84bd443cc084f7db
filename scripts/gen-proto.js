#!/usr/bin/env node
// Generates TypeScript from proto/ with buf (shipped in npm) and ts-proto; nothing outside the npm registry.
const { execFileSync } = require('node:child_process');
const { rmSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const buf = path.join(root, 'node_modules', '.bin', 'buf');
rmSync(path.join(root, 'src', 'gen'), { recursive: true, force: true });
execFileSync(buf, ['generate'], { cwd: root, stdio: 'inherit' });
