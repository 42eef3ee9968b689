export { foldText } from './fold.ts';
export { parseTextQuery, MAX_PHRASE_WORDS, MAX_TERMS } from './parse.ts';
export type { Clause, Field, Term, TextQuery } from './parse.ts';
export { describeTextQuery } from './describe.ts';
export { toFts5Match } from './fts5.ts';
export { toTsQuery, planToSql, termToTsQuery, tsLexeme } from './tsquery.ts';
export type { PgAlternative, PgClause, PgTextPlan, Weight } from './tsquery.ts';
export { hasPrefix, scoringQuery } from './scoring.ts';
