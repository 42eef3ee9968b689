// Runs the real `quire` command (bin/quire.js) as a child process, as a person at a shell would,
// and reads back what it wrote to the database.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPTIONS } from '../../src/config.ts';
import type { Db, TagKind } from '../../src/db/schema.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/quire.js');
export const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment a command sees: none of the caller's Quire settings, cheap password hashing, no request logs. */
export function quireEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const option of Object.values(OPTIONS)) delete env[option.env];
  return { ...env, DATABASE_URL: databaseUrl, SCRYPT_COST: '1024', LOG_LEVEL: 'silent', ...extra };
}

export function spawnQuire(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
}

// Starting node and compiling through tsx is CPU-bound: more commands at once than cores only slows each down.
const MAX_RUNNING = Math.max(1, Math.min(4, availableParallelism()));
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(task: () => Promise<T>): Promise<T> {
  // A finishing task hands its place straight to the next waiting one.
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await task();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export interface RunOptions {
  databaseUrl: string;
  env?: Record<string, string>;
  input?: string;
  timeoutMs?: number;
}

/** Runs `quire ARGS` to completion with `input` on standard input. */
export function runQuire(args: string[], opts: RunOptions): Promise<Run> {
  return slot(() => runNow(args, opts));
}

function runNow(args: string[], opts: RunOptions): Promise<Run> {
  const child = spawnQuire(args, quireEnv(opts.databaseUrl, opts.env));
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin!.end(opts.input ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`quire ${args.join(' ')} did not finish in time\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A fresh SQLite URL in a new temporary directory (nothing is created until a command runs). */
export function tempSqliteUrl(): { dir: string; path: string; url: string } {
  const dir = mkdtempSync(join(tmpdir(), 'quire-cli-'));
  const path = join(dir, 'q.db');
  return { dir, path, url: `sqlite:${path}` };
}

/** A port nothing listens on right now: bind to port 0, note the number, let it go. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      server.close(() => resolve(address.port));
    });
  });
}

export interface StoredWork {
  id: number;
  title: string;
  summary: string;
  rating: string[];
  warnings: string[];
  fandoms: string[];
  characters: string[];
  freeforms: string[];
  chapters: { title: string; html: string }[];
  complete: boolean;
  status: string;
  words: number;
  creators: string[];
}

/** A work as stored, read straight from the tables. */
export async function storedWork(db: Db, id: number): Promise<StoredWork> {
  const work = await db.selectFrom('works').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const tags = await db
    .selectFrom('work_tags')
    .innerJoin('tags', 'tags.id', 'work_tags.tag_id')
    .select(['tags.name', 'tags.kind'])
    .where('work_tags.work_id', '=', id)
    .orderBy('work_tags.position')
    .execute();
  const of = (kind: TagKind) => tags.filter((t) => t.kind === kind).map((t) => t.name);
  const chapters = await db.selectFrom('chapters').select(['title', 'body_html']).where('work_id', '=', id).orderBy('position').execute();
  const creators = await db
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
    .select('pseuds.name')
    .where('creatorships.work_id', '=', id)
    .execute();
  return {
    id,
    title: work.title,
    summary: work.summary,
    rating: of('rating'),
    warnings: of('warning'),
    fandoms: of('fandom'),
    characters: of('character'),
    freeforms: of('freeform'),
    chapters: chapters.map((c) => ({ title: c.title, html: c.body_html })),
    complete: work.complete === 1,
    status: work.status,
    words: work.words,
    creators: creators.map((c) => c.name),
  };
}

const TABLES = ['users', 'pseuds', 'works', 'creatorships', 'chapters', 'tags', 'work_tags', 'work_filters'] as const;

/** Row counts of every content table, to show a failed command wrote nothing. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}
