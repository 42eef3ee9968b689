#!/usr/bin/env node
// Runs every test file under test/ with node's test runner (Node 20 has no --test globs),
// then type-checks and lints. `--no-browser` leaves out test/browser.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const noBrowser = args.includes('--no-browser');
const only = args.filter((a) => !a.startsWith('--'));

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return noBrowser && name === 'browser' ? [] : find(p);
    return p.endsWith('.test.ts') || p.endsWith('.test.tsx') ? [p] : [];
  });
}

const files = only.length > 0 ? only : find('test').sort();
const run = (cmd, argv) => spawnSync(cmd, argv, { stdio: 'inherit', env: process.env }).status ?? 1;

let status = 0;
if (only.length === 0) {
  console.log('# typecheck: tsc --noEmit');
  status ||= run('npx', ['tsc', '--noEmit']);
  console.log('# lint: eslint');
  status ||= run('npx', ['eslint', '--max-warnings=0', '.']);
}
// Files run one at a time so PostgreSQL connections and ports never crowd each other on 2 cores.
status = run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files]) || status;
process.exit(status);
