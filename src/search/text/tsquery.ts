// Turns a TextQuery into PostgreSQL tsquery strings for to_tsquery('english', $n).
// Works are indexed with three tsvectors: meta (title A, summary B, tags C, author D),
// body (chapter text) and grams (word pairs of chapter text, ./grams.ts, read with the
// 'simple' configuration). Every lexeme is single-quoted, so to_tsquery reads user text
// only as words: never as &, |, !, <->, :* or a weight.
import { phraseGrams } from './grams.ts';
import type { Field, Term, TextQuery } from './parse.ts';

export type Weight = 'A' | 'B' | 'C' | 'D';
/** `prefix`: it finds works but does not weigh in best match (see ./scoring.ts). */
export interface PgAlternative { column: 'meta' | 'body' | 'any' | 'grams'; weights?: Weight; tsquery: string; prefix?: true }
export interface PgClause { any: PgAlternative[] } // at least one alternative must match
export interface PgTextPlan { clauses: PgClause[]; not: PgClause[] }

const WEIGHTS: Record<Exclude<Field, 'text'>, Weight> = { title: 'A', summary: 'B', tag: 'C', author: 'D' };

export function tsLexeme(word: string, suffix = ''): string {
  // PostgreSQL text cannot hold NUL at all; inside quotes only ' and \ are special.
  return `'${word.replace(/\0/g, ' ').replace(/\\/g, '\\\\').replace(/'/g, "''")}'${suffix}`;
}

export function termToTsQuery(t: Term, weight?: Weight): string {
  const w = weight ?? '';
  if (t.type === 'word') return tsLexeme(t.value, t.prefix ? `:*${w}` : w ? `:${w}` : '');
  return t.words.map((word) => tsLexeme(word, w ? `:${w}` : '')).join(' <-> ');
}

function alternatives(t: Term): PgAlternative[] {
  // A phrase of common words in chapter text as word pairs: faster, and exact where the
  // english configuration would drop its stop words ("was green" finding any "green").
  const grams = t.type === 'phrase' && (!t.field || t.field === 'text') ? phraseGrams(t.words) : null;
  if (grams) {
    const inBody: PgAlternative = { column: 'grams', tsquery: grams.map((g) => tsLexeme(g)).join(' <-> ') };
    return t.field ? [inBody] : [inBody, { column: 'meta', tsquery: termToTsQuery(t) }];
  }
  const prefix = t.type === 'word' && t.prefix ? { prefix: true as const } : {};
  if (!t.field) return [{ column: 'any', tsquery: termToTsQuery(t), ...prefix }];
  if (t.field === 'text') return [{ column: 'body', tsquery: termToTsQuery(t), ...prefix }];
  const weights = WEIGHTS[t.field];
  return [{ column: 'meta', weights, tsquery: termToTsQuery(t, weights), ...prefix }];
}

// A phrase without words would be an empty tsquery; it can come only from a hand-built query.
const hasWords = (t: Term): boolean => (t.type === 'word' ? t.value !== '' : t.words.length > 0);

/**
 * The plan, or null when nothing positive is left to search for: FTS5 cannot run a query
 * that is only exclusions, and both backends should answer the same "add a word" there.
 */
export function toTsQuery(q: TextQuery): PgTextPlan | null {
  const clause = (terms: Term[]): PgClause => ({ any: terms.filter(hasWords).flatMap(alternatives) });
  const clauses = q.must.map((c) => clause(c.any)).filter((c) => c.any.length > 0);
  if (clauses.length === 0) return null;
  return { clauses, not: q.not.filter(hasWords).map((t) => clause([t])) };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

export interface TsvColumns { meta: string; body: string; grams: string }
export const TSV_COLUMNS: TsvColumns = { meta: 'meta_tsv', body: 'body_tsv', grams: 'grams_tsv' };

export interface PlanSqlOptions {
  /** 'where': a condition; 'rank': a relevance score (higher is better) for ORDER BY. */
  mode?: 'where' | 'rank';
  /** The number of the first $n placeholder. */
  firstParam?: number;
  columns?: TsvColumns;
}

/** SQL with $n placeholders and its parameters (see PlanSqlOptions). */
export function planToSql(plan: PgTextPlan, { mode = 'where', firstParam = 1, columns = TSV_COLUMNS }: PlanSqlOptions = {}): { sql: string; params: string[] } {
  for (const c of Object.values(columns)) {
    if (!IDENTIFIER.test(c)) throw new Error(`not a column name: ${c}`);
  }
  const params: string[] = [];
  const ref = (tsquery: string, config: 'english' | 'simple'): string => {
    let i = params.indexOf(tsquery);
    if (i < 0) i = params.push(tsquery) - 1;
    return `to_tsquery('${config}', $${firstParam + i})`;
  };
  // The alternatives searched in one tsvector become one tsquery joined with |; word pairs
  // are read as they were made (no stemming, no stop words).
  const where: [string, (a: PgAlternative) => boolean, 'english' | 'simple'][] = [
    [columns.meta, (a) => a.column === 'meta' || a.column === 'any', 'english'],
    [columns.body, (a) => a.column === 'body' || a.column === 'any', 'english'],
    [columns.grams, (a) => a.column === 'grams', 'simple'],
  ];
  const perColumn = (c: PgClause): [string, string][] => {
    const pairs: [string, string][] = [];
    for (const [column, wanted, config] of where) {
      const alts = c.any.filter(wanted).map((a) => a.tsquery);
      if (alts.length > 0) pairs.push([column, ref(alts.length === 1 ? alts[0] : alts.map((a) => `(${a})`).join(' | '), config)]);
    }
    return pairs;
  };

  if (mode === 'rank') {
    // A work without chapters has a NULL body_tsv, which would make the whole sum NULL.
    const weighed = plan.clauses.map((c) => ({ any: c.any.filter((a) => !a.prefix) }));
    const ranks = weighed.flatMap(perColumn).map(([col, q]) => `coalesce(ts_rank(${col}, ${q}), 0)`);
    // Typed: a bare 0 in ORDER BY would be read as a column's position.
    return { sql: ranks.length > 0 ? `(${ranks.join(' + ')})` : '0::real', params };
  }
  const parts: string[] = [];
  for (const c of plan.clauses) {
    const pairs = perColumn(c);
    const matches = pairs.map(([col, q]) => `${col} @@ ${q}`);
    // to_tsquery drops stop words, so a clause of nothing but stop words ("the") comes out
    // empty and matches no row, which would empty every result. PostgreSQL itself skips
    // such words inside one tsquery ('the & dragon' = 'dragon'): skip the clause likewise.
    const onlyStopWords = [...new Set(pairs.map(([, q]) => q))].map((q) => `numnode(${q}) = 0`).join(' AND ');
    parts.push(`(${onlyStopWords} OR ${matches.join(' OR ')})`);
  }
  for (const c of plan.not) {
    const matches = perColumn(c).map(([col, q]) => `${col} @@ ${q}`);
    // NULL body_tsv (no chapters) must count as "not found" rather than hide the work.
    parts.push(`NOT coalesce(${matches.join(' OR ')}, false)`);
  }
  return { sql: parts.length > 0 ? parts.join(' AND ') : 'true', params };
}
