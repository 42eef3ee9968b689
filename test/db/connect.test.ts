// How the app opens a SQLite file: its memory map (SQLITE_MMAP_MB) reaches both of its
// connections, the one Kysely uses and the read-only one full-text matches go through.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { sql } from 'kysely';
import { connect } from '../../src/db/connect.ts';
import { loadConfig } from '../../src/config.ts';

const dir = mkdtempSync(join(tmpdir(), 'quire-connect-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const mmapOf = async (mmapMb: number | undefined) => {
  const c = connect(`sqlite:${join(dir, 'a.db')}`, mmapMb === undefined ? {} : { mmapMb });
  try {
    const viaKysely = (await sql<{ mmap_size: number }>`pragma mmap_size`.execute(c.db)).rows[0]!.mmap_size;
    const viaReader = (c.textReader!.pragma('mmap_size') as { mmap_size: number }[])[0]!.mmap_size;
    return [viaKysely, viaReader];
  } finally {
    await c.close();
  }
};

it('maps as much of a SQLite file as configured on both connections, and none when told 0 or not told', async () => {
  assert.deepEqual(await mmapOf(64), [64 * 1024 * 1024, 64 * 1024 * 1024]);
  assert.deepEqual(await mmapOf(0), [0, 0]);
  assert.deepEqual(await mmapOf(undefined), [0, 0]);
});

it('maps by default, as far as this SQLite allows', () => {
  assert.equal(loadConfig({}).sqliteMmapMb, 2047);
  assert.equal(loadConfig({ SQLITE_MMAP_MB: '0' }).sqliteMmapMb, 0);
});
