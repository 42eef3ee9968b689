// Runs every payload of the shared XSS corpora through the sanitizer and inspects what comes out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sanitizeHtml } from '../../src/formats/index.ts';
import { unsafeParts } from './html-safety.ts';
import { missingSharedMessage, sharedPath } from './shared-data.ts';

const CORPUS = 'corpora/xss/';
// Not XSS payloads: path lists, XML entity attacks and the licence text.
const NOT_PAYLOADS = /^(directory_traversal|xxe|billion_laughs|license)/i;

function jsonPayloads(dir: string, file: string): string[] {
  const rows = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown[];
  return rows.map((row) => (typeof row === 'string' ? row : (row as { payload: string }).payload));
}

function linePayloads(dir: string): string[] {
  const sub = join(dir, 'payloadsallthethings');
  return readdirSync(sub)
    .filter((name) => name.endsWith('.txt') && !NOT_PAYLOADS.test(name))
    .flatMap((name) => readFileSync(join(sub, name), 'utf8').split(/\r?\n/))
    .filter((line) => line.trim() !== '');
}

function loadCorpus(dir: string): string[] {
  return [
    ...jsonPayloads(dir, 'dompurify-vectors.json'),
    ...jsonPayloads(dir, 'dompurify-fuzz-seeds.json'),
    ...jsonPayloads(dir, 'h5sc-vectors.json'),
    ...jsonPayloads(dir, 'owasp-xss-filter-evasion-vectors.json'),
    ...linePayloads(dir),
  ];
}

const dir = sharedPath(CORPUS);

test('every XSS corpus payload sanitizes to allowlisted, stable HTML', { skip: dir ? false : missingSharedMessage(CORPUS) }, () => {
  const payloads = loadCorpus(dir!);
  const failures: string[] = [];
  for (const payload of payloads) {
    const output = sanitizeHtml(payload);
    const problems = unsafeParts(output);
    if (problems.length > 0) failures.push(`${JSON.stringify(payload)}\n  -> ${JSON.stringify(output)}\n  ${problems.join('; ')}`);
  }
  console.log(`# xss corpus: ${payloads.length} payloads, ${failures.length} unsafe`);
  assert.ok(payloads.length > 1500, `expected the full corpus, read only ${payloads.length} payloads`);
  assert.deepEqual(failures, []);
});
