// Where a generated archive lives and how to find it again: a SQLite file under
// .bench/ or a PostgreSQL database quire_bench_search_*, each described by a
// manifest .bench/search-*.json written only once the archive is complete.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import pg from 'pg';
import type { DialectName } from '../../src/db/connect.ts';
import { GENERATOR_VERSION } from './corpus.ts';

export const BENCH_DIR = fileURLToPath(new URL('../../.bench/', import.meta.url));
export const PG_ADMIN_URL = process.env.QUIRE_BENCH_PG_URL ?? process.env.QUIRE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type Bodies = 'short' | 'full';

export interface ArchiveKey {
  works: number;
  dialect: DialectName;
  bodies: Bodies;
  /** Synthetic names and text even when ../shared is there. */
  synthetic: boolean;
}

export interface Manifest {
  version: number;
  key: string;
  dialect: DialectName;
  works: number;
  bodies: Bodies;
  seed: number;
  /** SQLite file path or PostgreSQL database name. */
  database: string;
  sources: string[];
  users: number;
  tags: number;
  taggings: number;
  filters: number;
  chapters: number;
  /** Median tags per work, and the share of tags used by exactly one work. */
  medianTags: number;
  singletonShare: number;
  plan_s: number;
  load_s: number;
  finish_s: number;
  generate_s: number;
  load_avg: number[];
  created_at: string;
}

export const cacheKey = (k: ArchiveKey): string => `search-${k.dialect}-${k.works}-${k.bodies}${k.synthetic ? '-synthetic' : ''}-g${GENERATOR_VERSION}`;
export const manifestPath = (k: ArchiveKey): string => join(BENCH_DIR, `${cacheKey(k)}.json`);
export const sqliteFile = (k: ArchiveKey): string => join(BENCH_DIR, `${cacheKey(k)}.db`);
// Letters, digits and underscores of our own making: safe to put into DDL.
export const pgDatabase = (k: ArchiveKey): string => `quire_bench_search_${k.works}_${k.bodies}${k.synthetic ? '_synthetic' : ''}_g${GENERATOR_VERSION}`;
export const pgUrl = (database: string): string => PG_ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);

export function ensureBenchDir(): void {
  mkdirSync(BENCH_DIR, { recursive: true });
}

export async function pgAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, user: 'postgres' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function pgDatabaseExists(name: string): Promise<boolean> {
  return pgAdmin(async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);
}

/** The manifest of a complete archive for this key, or null when it must be generated. */
export async function findArchive(k: ArchiveKey): Promise<Manifest | null> {
  const path = manifestPath(k);
  if (!existsSync(path)) return null;
  const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  if (m.version !== GENERATOR_VERSION) return null;
  if (k.dialect === 'sqlite' ? !existsSync(m.database) : !(await pgDatabaseExists(m.database))) return null;
  return m;
}

export function writeManifest(k: ArchiveKey, m: Manifest): void {
  writeFileSync(manifestPath(k), JSON.stringify(m, null, 2) + '\n');
}

export const urlOf = (m: Manifest): string => (m.dialect === 'sqlite' ? `sqlite:${m.database}` : pgUrl(m.database));
