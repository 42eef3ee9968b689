import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundaryOf, filesOf, parseMultipart, type MultipartLimits } from '../../src/web/multipart.ts';

const LIMITS: MultipartLimits = { maxFiles: 3, maxFileBytes: 20, maxFields: 4, maxFieldBytes: 16 };
const CT = 'multipart/form-data; boundary=XyZ';
const body = (...parts: string[]) => Buffer.from(parts.map((p) => `--XyZ\r\n${p}\r\n`).join('') + '--XyZ--\r\n', 'utf8');
const field = (name: string, value: string) => `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`;
const file = (name: string, filename: string, content: string) => `Content-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n${content}`;

describe('multipart/form-data parsing', () => {
  it('reads fields as properties (repeats as arrays) and files aside, keeping bytes exactly', () => {
    const parsed = parseMultipart(body(field('_csrf', 'tok'), field('warnings', 'a'), field('warnings', 'b'), file('files', 'one.txt', 'line\r\n--Xy-ish'), file('files', 'C:\\Users\\me\\two.md', 'é')), CT, LIMITS);
    assert.equal(parsed._csrf, 'tok');
    assert.deepEqual(parsed.warnings, ['a', 'b']);
    const files = filesOf(parsed);
    assert.deepEqual(files.map((f) => [f.field, f.filename, f.contentType, f.bytes.toString('utf8'), f.truncated]), [
      ['files', 'one.txt', 'text/plain', 'line\r\n--Xy-ish', false],
      ['files', 'two.md', 'text/plain', 'é', false],
    ]);
  });

  it('skips a file input left empty and treats __proto__ as a plain field name', () => {
    const parsed = parseMultipart(body(file('files', '', ''), field('__proto__', 'x')), CT, LIMITS);
    assert.equal(filesOf(parsed).length, 0);
    assert.equal(Object.getPrototypeOf(parsed), null);
    assert.equal(parsed['__proto__'], 'x');
  });

  it('cuts a file over the size limit one byte past it and flags it, for the caller to refuse', () => {
    const [f] = filesOf(parseMultipart(body(file('files', 'big.txt', 'x'.repeat(50))), CT, LIMITS));
    assert.equal(f!.truncated, true);
    assert.equal(f!.bytes.length, 21);
  });

  it('refuses too many files or fields, and an overlong field, as too large', () => {
    const tooMany = () => parseMultipart(body(...[1, 2, 3, 4].map((i) => file('files', `${i}.txt`, 'x'))), CT, LIMITS);
    assert.throws(tooMany, (e: Error & { statusCode?: number }) => e.statusCode === 413 && /at most 3 files/.test(e.message));
    assert.throws(() => parseMultipart(body(...[1, 2, 3, 4, 5].map((i) => field(`f${i}`, 'v'))), CT, LIMITS), /more than 4 fields/);
    assert.throws(() => parseMultipart(body(field('long', 'y'.repeat(17))), CT, LIMITS), /"long" is too long/);
  });

  it('refuses a missing boundary, a cut-off body, a part without a name and garbage with 400', () => {
    const bad = (b: Buffer | string, ct = CT) => assert.throws(() => parseMultipart(Buffer.from(b), ct, LIMITS), (e: Error & { statusCode?: number }) => e.statusCode === 400);
    bad(body(field('a', 'b')), 'multipart/form-data');
    bad(`--XyZ\r\n${field('a', 'b')}`);
    bad(body('Content-Disposition: form-data\r\n\r\nno name'));
    bad(body('Content-Disposition: attachment; name="a"\r\n\r\nnot form-data'));
    bad('no delimiter at all');
    bad(`--XyZ\r\n\r\nheaderless\r\n--XyZ--\r\n`);
  });

  it('finds quoted and bare boundaries', () => {
    assert.equal(boundaryOf('multipart/form-data; boundary="a b;c"'), 'a b;c');
    assert.equal(boundaryOf('multipart/form-data;boundary=----WebKitFormBoundary7MA4YWxk'), '----WebKitFormBoundary7MA4YWxk');
  });
});
