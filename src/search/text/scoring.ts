// What best match weighs: a query's words and phrases, but not its prefixes. A prefix finds
// works; it does not rank them (Elasticsearch too gives every match of a prefix one score by
// default). Its words are many ("hand*": hand, hands, handle, handsome, …), and weighing them
// costs FTS5 two merges of every one of their lists of positions on top of the one that finds
// the works (at 100,000 works of ~3,300 words: "ever*" ~47 ms to find, ~100 more to rank).
import type { Term, TextQuery } from './parse.ts';

const isPrefix = (t: Term): boolean => t.type === 'word' && t.prefix;

/** Whether any term of the query, kept or left out, is a prefix. */
export function hasPrefix(q: TextQuery): boolean {
  return q.must.some((c) => c.any.some(isPrefix)) || q.not.some(isPrefix);
}

/**
 * The words and phrases that weigh in best match: the query's, without its prefixes and
 * without what it leaves out (which no match holds), as alternatives. bm25 adds up what each
 * weighs in a work whatever joins them, and with AND a match holding a prefix's word in place
 * of one of them ("(dragon OR drag*) tea") would not be weighed at all. Read only among the
 * query's matches. Null when only prefixes are left: every match then weighs the same, and
 * the newest comes first.
 */
export function scoringQuery(q: TextQuery): TextQuery | null {
  const any = q.must.flatMap((c) => c.any.filter((t) => !isPrefix(t)));
  return any.length > 0 ? { must: [{ any }], not: [] } : null;
}
