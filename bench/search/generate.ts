// Writes a planned corpus (./corpus.ts) into a fresh, migrated database with
// bulk inserts in big transactions: users, pseuds, tags (with their taggings
// counts), then works a batch at a time with their creatorships, chapters,
// work_tags, work_filters and text-search row. Secondary indexes are dropped
// for the load and built again at the end, then the planner statistics are
// gathered (ANALYZE) and, on SQLite, the FTS5 index is merged into one segment.
//
// work_filters are written directly: the corpus has synonyms but no meta tags,
// so a work's filters are the canonical of each of its tags (what
// src/tags/filters.ts computes; the run checks a sample against computeFilters).
// The text row holds exactly what src/search/sync.ts reindexWorkText writes:
// title, summary, tag names, "pseud login" of each creator (or "Anonymous") and
// the posted chapters' text, each folded with foldText; on PostgreSQL the same
// weighted tsvector expressions.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { connect, type DialectName } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { foldText } from '../../src/search/text/fold.ts';
import { fts5Values, textGrams } from '../../src/search/text/grams.ts';
import { escapeHtml } from '../../src/web/jsx.ts';
import { FLAG_ANONYMOUS, FLAG_COMPLETE, FLAG_DRAFT, FLAG_HIDDEN, FLAG_RESTRICTED, GENERATOR_VERSION, loginOf, planCorpus, tagsOfWork, type Corpus } from './corpus.ts';
import { cacheKey, ensureBenchDir, pgAdmin, pgDatabase, pgUrl, sqliteFile, writeManifest, type ArchiveKey, type Manifest } from './database.ts';
import { intBelow, seedOf, seeded } from './random.ts';
import { NO_SHARED, readShared } from './shared.ts';
import { fullBody, paragraph, textSource, type TextSource } from './texts.ts';

export const SEED = 20_240;
const BATCH = 2000;
const TABLES = ['users', 'pseuds', 'tags', 'works', 'creatorships', 'chapters', 'work_tags', 'work_filters', 'work_text'];

type PgType = 'int' | 'text';
type Column = readonly [name: string, type: PgType];

interface Sink {
  readonly dialect: DialectName;
  begin(): Promise<void>;
  commit(): Promise<void>;
  insert(table: string, columns: readonly Column[], rows: unknown[][]): Promise<void>;
  /** Rows of [work id, title, summary, tags, author, body], already folded. */
  insertText(rows: [number, string, string, string, string, string][]): Promise<void>;
  dropIndexes(): Promise<void>;
  finish(progress: (msg: string) => void): Promise<void>;
  close(): Promise<void>;
}

class SqliteSink implements Sink {
  readonly dialect = 'sqlite' as const;
  private readonly db: SQLite.Database;
  private readonly statements = new Map<string, SQLite.Statement>();
  private indexes: { name: string; sql: string }[] = [];

  constructor(path: string) {
    this.db = new SQLite(path);
    // A half-written file is never used (the manifest comes last), so durability can wait until the end.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.pragma('temp_store = MEMORY');
    this.db.pragma('cache_size = -1048576');
  }

  async begin() {
    this.db.exec('BEGIN');
  }

  async commit() {
    this.db.exec('COMMIT');
  }

  private statement(sql: string): SQLite.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  async insert(table: string, columns: readonly Column[], rows: unknown[][]) {
    const s = this.statement(`insert into ${table} (${columns.map(([c]) => c).join(', ')}) values (${columns.map(() => '?').join(', ')})`);
    for (const r of rows) s.run(r);
  }

  async insertText(rows: [number, string, string, string, string, string][]) {
    const s = this.statement('insert into work_text (rowid, title, summary, tags, author, body, grams, meta_grams) values (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const [id, ...fields] of rows) s.run([id, ...fts5Values(fields)]);
  }

  async dropIndexes() {
    this.indexes = this.db
      .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${TABLES.map(() => '?').join(', ')})`)
      .all(...TABLES) as { name: string; sql: string }[];
    for (const i of this.indexes) this.db.exec(`drop index "${i.name}"`);
  }

  async finish(progress: (msg: string) => void) {
    let t = performance.now();
    for (const i of this.indexes) this.db.exec(i.sql);
    progress(`indexes built again in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    this.db.exec(`insert into work_text (work_text) values ('optimize')`);
    progress(`FTS5 index merged in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    this.db.exec('analyze');
    progress(`analyzed in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    this.db.pragma('locking_mode = NORMAL');
    this.db.pragma('journal_mode = WAL');
  }

  async close() {
    this.db.close();
  }
}

class PostgresSink implements Sink {
  readonly dialect = 'postgres' as const;
  private indexes: string[] = [];

  constructor(private readonly client: pg.Client) {}

  static async open(url: string): Promise<PostgresSink> {
    const client = new pg.Client({ connectionString: url, user: 'postgres' });
    await client.connect();
    await client.query('set synchronous_commit = off');
    await client.query(`set maintenance_work_mem = '512MB'`);
    return new PostgresSink(client);
  }

  async begin() {
    await this.client.query('begin');
  }

  async commit() {
    await this.client.query('commit');
  }

  async insert(table: string, columns: readonly Column[], rows: unknown[][]) {
    const names = columns.map(([c]) => c).join(', ');
    const types = columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ');
    for (let i = 0; i < rows.length; i += 20_000) {
      const chunk = rows.slice(i, i + 20_000);
      await this.client.query(`insert into ${table} (${names}) select * from unnest(${types})`, columns.map((_, c) => chunk.map((r) => r[c])));
    }
  }

  async insertText(rows: [number, string, string, string, string, string][]) {
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await this.client.query(
        `insert into work_text (work_id, meta_tsv, body_tsv, grams_tsv)
         select id, setweight(to_tsvector('english', t), 'A') || setweight(to_tsvector('english', s), 'B') ||
                    setweight(to_tsvector('english', g), 'C') || setweight(to_tsvector('english', a), 'D'),
                to_tsvector('english', b), to_tsvector('simple', p)
         from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) as u(id, t, s, g, a, b, p)`,
        [...[0, 1, 2, 3, 4, 5].map((c) => chunk.map((r) => r[c])), chunk.map((r) => textGrams(r[5]))],
      );
    }
  }

  async dropIndexes() {
    const rows = await this.client.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = any($1) and indexname not in (select conname from pg_constraint)`,
      [TABLES],
    );
    this.indexes = rows.rows.map((r) => r.indexdef);
    for (const r of rows.rows) await this.client.query(`drop index "${r.indexname}"`);
  }

  async finish(progress: (msg: string) => void) {
    let t = performance.now();
    for (const sql of this.indexes) await this.client.query(sql);
    progress(`indexes built again in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    for (const table of ['users', 'pseuds', 'tags', 'works', 'chapters']) {
      await this.client.query(`select setval(pg_get_serial_sequence('${table}', 'id'), greatest(1, (select max(id) from ${table})))`);
    }
    t = performance.now();
    await this.client.query('vacuum analyze');
    progress(`vacuumed and analyzed in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }

  async close() {
    await this.client.end();
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The posted text of one generated work: summary and chapter paragraphs (chapters beyond the first are empty for short bodies). */
function textsOf(corpus: Corpus, i: number, bodies: 'short' | 'full', src: TextSource, names: string[]): { summary: string; chapters: string[][] } {
  const r = seeded(seedOf(2, i));
  const summary = paragraph(src, r, names, 1 + intBelow(r, 2));
  const count = corpus.chapters[i]!;
  const paragraphs = bodies === 'short' ? [paragraph(src, r, names, 1 + intBelow(r, 2))] : fullBody(src, r, names, 2000 + intBelow(r, 3001));
  const chapters: string[][] = Array.from({ length: count }, () => []);
  // Full bodies are spread over the chapters in order; a short one is all in the first.
  const per = bodies === 'short' ? paragraphs.length : Math.max(1, Math.ceil(paragraphs.length / count));
  paragraphs.forEach((p, k) => chapters[Math.min(count - 1, Math.floor(k / per))]!.push(p));
  return { summary, chapters };
}

const WORK_COLUMNS = [
  ['id', 'int'], ['title', 'text'], ['summary', 'text'], ['language', 'text'], ['words', 'int'], ['posted_chapters', 'int'], ['expected_chapters', 'int'],
  ['complete', 'int'], ['restricted', 'int'], ['anonymous', 'int'], ['hidden', 'int'], ['status', 'text'], ['published_at', 'text'], ['updated_at', 'text'], ['created_at', 'text'],
] as const;
const CHAPTER_COLUMNS = [
  ['id', 'int'], ['work_id', 'int'], ['position', 'int'], ['title', 'text'], ['body_format', 'text'], ['body_html', 'text'], ['words', 'int'], ['status', 'text'],
  ['published_at', 'text'], ['created_at', 'text'], ['updated_at', 'text'],
] as const;

export interface Generated {
  manifest: Manifest;
}

async function createDatabase(k: ArchiveKey, tmp: string): Promise<{ url: string; reserved: Set<string>; tagBase: number }> {
  let url: string;
  if (k.dialect === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(tmp + suffix, { force: true });
    url = `sqlite:${tmp}`;
  } else {
    await pgAdmin(async (c) => {
      await c.query(`drop database if exists ${tmp} with (force)`);
      await c.query(`create database ${tmp}`);
    });
    url = pgUrl(tmp);
  }
  const connection = connect(url);
  try {
    await migrateToLatest(connection.db);
    const existing = await connection.db.selectFrom('tags').select(['id', 'name_key']).execute();
    return { url, reserved: new Set(existing.map((t) => t.name_key)), tagBase: Math.max(0, ...existing.map((t) => t.id)) + 1 };
  } finally {
    await connection.close();
  }
}

export async function generate(k: ArchiveKey, progress: (msg: string) => void): Promise<Manifest> {
  ensureBenchDir();
  const started = performance.now();
  const loadStart = loadavg();
  const final = k.dialect === 'sqlite' ? sqliteFile(k) : pgDatabase(k);
  const tmp = k.dialect === 'sqlite' ? `${final}.tmp` : `${final}_tmp`;
  const { reserved, tagBase } = await createDatabase(k, tmp);
  const shared = k.synthetic ? NO_SHARED : readShared(undefined, progress);
  progress(`shared data: ${shared.sources.length > 0 ? shared.sources.join(', ') : 'none, all synthetic'}`);

  let t = performance.now();
  const corpus = planCorpus(k.works, SEED, shared, reserved, progress);
  const planS = (performance.now() - t) / 1000;
  const tags = corpus.tags;
  const taggings = corpus.tagList.length;
  const perWork = Array.from({ length: k.works }, (_, i) => corpus.tagStart[i + 1]! - corpus.tagStart[i]!).sort((a, b) => a - b);
  const medianTags = perWork[Math.floor(perWork.length / 2)] ?? 0;
  const singletonShare = tags.counts.filter((c) => c === 1).length / Math.max(1, tags.size);
  progress(`planned ${k.works} works in ${planS.toFixed(1)} s: ${tags.size} tags, ${taggings} taggings, median ${medianTags} tags a work, ${(singletonShare * 100).toFixed(0)}% of tags used once`);
  const src = textSource(shared.novels, seeded(SEED + 1));

  t = performance.now();
  const sink: Sink = k.dialect === 'sqlite' ? new SqliteSink(tmp) : await PostgresSink.open(pgUrl(tmp));
  let filters = 0;
  let chapterId = 0;
  try {
    await sink.dropIndexes();
    const created = iso(Date.UTC(2009, 0, 1));
    const logins = Array.from({ length: corpus.users }, (_, u) => loginOf(corpus, u));
    await sink.begin();
    await sink.insert('users', [['id', 'int'], ['login', 'text'], ['login_key', 'text'], ['email', 'text'], ['password_hash', 'text'], ['created_at', 'text']],
      logins.map((l, u) => [u + 1, l, l, `${l}@example.org`, '!', created]));
    await sink.insert('pseuds', [['id', 'int'], ['user_id', 'int'], ['name', 'text'], ['name_key', 'text'], ['is_default', 'int'], ['description', 'text'], ['created_at', 'text']],
      logins.map((l, u) => [u + 1, u + 1, l, l, 1, '', created]));
    const tagRows: unknown[][] = [];
    for (let i = 0; i < tags.size; i++) {
      // Canonicals first would only matter for foreign keys checked at once: merger ids point at lower indexes or are null either way.
      tagRows.push([tagBase + i, tags.names[i], tags.names[i]!.toLowerCase(), tags.kinds[i], tags.canonical[i], tags.merger[i]! >= 0 ? tagBase + tags.merger[i]! : null, tags.counts[i], created]);
    }
    const mergersFirst = [...tagRows.filter((r) => r[5] === null), ...tagRows.filter((r) => r[5] !== null)];
    await sink.insert('tags', [['id', 'int'], ['name', 'text'], ['name_key', 'text'], ['kind', 'text'], ['canonical', 'int'], ['merger_id', 'int'], ['taggings_count', 'int'], ['created_at', 'text']], mergersFirst);
    await sink.commit();
    progress(`${corpus.users} users and ${tags.size} tags written`);

    for (let from = 0; from < k.works; from += BATCH) {
      const to = Math.min(k.works, from + BATCH);
      const works: unknown[][] = [];
      const creatorships: unknown[][] = [];
      const chapters: unknown[][] = [];
      const workTags: unknown[][] = [];
      const workFilters: unknown[][] = [];
      const texts: [number, string, string, string, string, string][] = [];
      for (let i = from; i < to; i++) {
        const id = i + 1;
        const flags = corpus.flags[i]!;
        const draft = (flags & FLAG_DRAFT) !== 0;
        const mine = tagsOfWork(corpus, i);
        const seen = new Set<number>();
        mine.forEach((t, position) => {
          workTags.push([id, tagBase + t, position]);
          const f = tags.merger[t]! >= 0 ? tags.merger[t]! : t;
          if (!seen.has(f)) {
            seen.add(f);
            workFilters.push([id, tagBase + f]);
          }
        });
        filters += seen.size;
        const creators = [corpus.author[i]!, corpus.coauthor[i]!].filter((u) => u >= 0);
        creators.forEach((u, position) => creatorships.push([id, u + 1, position]));
        const names = [...mine].filter((t) => tags.kinds[t] === 'character').map((t) => tags.names[t]!);
        const { summary, chapters: chapterTexts } = textsOf(corpus, i, k.bodies, src, names);
        const published = corpus.published[i]!;
        const updated = corpus.updated[i]!;
        works.push([
          id, corpus.titles[i], `<p>${escapeHtml(summary)}</p>`, corpus.language[corpus.languageOf[i]!], corpus.words[i], chapterTexts.length,
          corpus.expected[i]! < 0 ? null : corpus.expected[i], flags & FLAG_COMPLETE ? 1 : 0, flags & FLAG_RESTRICTED ? 1 : 0, flags & FLAG_ANONYMOUS ? 1 : 0,
          flags & FLAG_HIDDEN ? 1 : 0, draft ? 'draft' : 'posted', draft ? null : iso(published), iso(updated), iso(published),
        ]);
        const n = chapterTexts.length;
        chapterTexts.forEach((paras, c) => {
          const at = iso(published + Math.floor(((updated - published) * c) / Math.max(1, n - 1)));
          chapters.push([++chapterId, id, c + 1, n > 1 ? `Chapter ${c + 1}` : '', 'html', paras.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
            Math.round(corpus.words[i]! / n), draft ? 'draft' : 'posted', draft ? null : at, at, at]);
        });
        const author = flags & FLAG_ANONYMOUS ? 'Anonymous' : creators.map((u) => `${logins[u]} ${logins[u]}`).join(' \n ');
        const body = draft ? '' : chapterTexts.map((paras) => paras.join('\n\n')).join('\n\n');
        texts.push([id, foldText(corpus.titles[i]!), foldText(summary), foldText([...mine].map((t) => tags.names[t]).join(' \n ')), foldText(author), foldText(body)]);
      }
      await sink.begin();
      await sink.insert('works', WORK_COLUMNS, works);
      await sink.insert('creatorships', [['work_id', 'int'], ['pseud_id', 'int'], ['position', 'int']], creatorships);
      await sink.insert('chapters', CHAPTER_COLUMNS, chapters);
      await sink.insert('work_tags', [['work_id', 'int'], ['tag_id', 'int'], ['position', 'int']], workTags);
      await sink.insert('work_filters', [['work_id', 'int'], ['tag_id', 'int']], workFilters);
      await sink.insertText(texts);
      await sink.commit();
      if (to % 50_000 === 0 || to === k.works) {
        const s = (performance.now() - t) / 1000;
        progress(`${to} works written in ${s.toFixed(0)} s (${Math.round(to / s)}/s)`);
      }
    }
    const loadS = (performance.now() - t) / 1000;
    t = performance.now();
    await sink.finish(progress);
    const finishS = (performance.now() - t) / 1000;
    await sink.close();

    if (k.dialect === 'sqlite') {
      for (const suffix of ['-wal', '-shm']) if (existsSync(final + suffix)) rmSync(final + suffix);
      renameSync(tmp, final);
    } else {
      await pgAdmin(async (c) => {
        await c.query(`drop database if exists ${final} with (force)`);
        await c.query(`alter database ${tmp} rename to ${final}`);
      });
    }
    const manifest: Manifest = {
      version: GENERATOR_VERSION,
      key: cacheKey(k),
      dialect: k.dialect,
      works: k.works,
      bodies: k.bodies,
      seed: SEED,
      database: final,
      sources: shared.sources,
      users: corpus.users,
      tags: tags.size,
      taggings,
      filters,
      chapters: chapterId,
      medianTags,
      singletonShare: Math.round(singletonShare * 1000) / 1000,
      plan_s: Math.round(planS * 10) / 10,
      load_s: Math.round(loadS * 10) / 10,
      finish_s: Math.round(finishS * 10) / 10,
      generate_s: Math.round((performance.now() - started) / 100) / 10,
      load_avg: [...loadStart.map((x) => Math.round(x * 100) / 100), ...loadavg().map((x) => Math.round(x * 100) / 100)],
      created_at: new Date().toISOString(),
    };
    writeManifest(k, manifest);
    return manifest;
  } catch (e) {
    await sink.close().catch(() => {});
    throw e;
  }
}
