// Turns a TextQuery into PostgreSQL tsquery strings for to_tsquery('english', $n).
// Works are indexed with two tsvectors: meta (title A, summary B, tags C, author D) and
// body (chapter text). Every lexeme is single-quoted, so to_tsquery reads user text only
// as words: never as &, |, !, <->, :* or a weight.
import type { Field, Term, TextQuery } from './parse.ts';

export type Weight = 'A' | 'B' | 'C' | 'D';
export interface PgAlternative { column: 'meta' | 'body' | 'any'; weights?: Weight; tsquery: string }
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

function alternative(t: Term): PgAlternative {
  if (!t.field) return { column: 'any', tsquery: termToTsQuery(t) };
  if (t.field === 'text') return { column: 'body', tsquery: termToTsQuery(t) };
  const weights = WEIGHTS[t.field];
  return { column: 'meta', weights, tsquery: termToTsQuery(t, weights) };
}

// A phrase without words would be an empty tsquery; it can come only from a hand-built query.
const hasWords = (t: Term): boolean => (t.type === 'word' ? t.value !== '' : t.words.length > 0);

/**
 * The plan, or null when nothing positive is left to search for: FTS5 cannot run a query
 * that is only exclusions, and both backends should answer the same "add a word" there.
 */
export function toTsQuery(q: TextQuery): PgTextPlan | null {
  const clause = (terms: Term[]): PgClause => ({ any: terms.filter(hasWords).map(alternative) });
  const clauses = q.must.map((c) => clause(c.any)).filter((c) => c.any.length > 0);
  if (clauses.length === 0) return null;
  return { clauses, not: q.not.filter(hasWords).map((t) => clause([t])) };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/**
 * SQL with $n placeholders (numbered from `firstParam`) and its parameters: in 'where'
 * mode a condition, in 'rank' mode a relevance score (higher is better) for ORDER BY.
 */
export function planToSql(
  plan: PgTextPlan,
  metaColumn = 'meta_tsv',
  bodyColumn = 'body_tsv',
  mode: 'where' | 'rank' = 'where',
  firstParam = 1,
): { sql: string; params: string[] } {
  for (const c of [metaColumn, bodyColumn]) {
    if (!IDENTIFIER.test(c)) throw new Error(`not a column name: ${c}`);
  }
  const params: string[] = [];
  const ref = (tsquery: string): string => {
    let i = params.indexOf(tsquery);
    if (i < 0) i = params.push(tsquery) - 1;
    return `to_tsquery('english', $${firstParam + i})`;
  };
  // The alternatives searched in one tsvector become one tsquery joined with |.
  const perColumn = (c: PgClause): [string, string][] => {
    const pairs: [string, string][] = [];
    for (const [column, other] of [[metaColumn, 'body'], [bodyColumn, 'meta']] as const) {
      const alts = c.any.filter((a) => a.column !== other).map((a) => a.tsquery);
      if (alts.length > 0) pairs.push([column, alts.length === 1 ? alts[0] : alts.map((a) => `(${a})`).join(' | ')]);
    }
    return pairs;
  };

  if (mode === 'rank') {
    // A work without chapters has a NULL body_tsv, which would make the whole sum NULL.
    const ranks = plan.clauses.flatMap(perColumn).map(([col, q]) => `coalesce(ts_rank(${col}, ${ref(q)}), 0)`);
    return { sql: ranks.length > 0 ? `(${ranks.join(' + ')})` : '0', params };
  }
  const parts: string[] = [];
  for (const c of plan.clauses) {
    const pairs = perColumn(c);
    const matches = pairs.map(([col, q]) => `${col} @@ ${ref(q)}`);
    // to_tsquery drops stop words, so a clause of nothing but stop words ("the") comes out
    // empty and matches no row, which would empty every result. PostgreSQL itself skips
    // such words inside one tsquery ('the & dragon' = 'dragon'): skip the clause likewise.
    const onlyStopWords = [...new Set(pairs.map(([, q]) => q))].map((q) => `numnode(${ref(q)}) = 0`).join(' AND ');
    parts.push(`(${onlyStopWords} OR ${matches.join(' OR ')})`);
  }
  for (const c of plan.not) {
    const matches = perColumn(c).map(([col, q]) => `${col} @@ ${ref(q)}`);
    // NULL body_tsv (no chapters) must count as "not found" rather than hide the work.
    parts.push(`NOT coalesce(${matches.join(' OR ')}, false)`);
  }
  return { sql: parts.length > 0 ? parts.join(' AND ') : 'true', params };
}
