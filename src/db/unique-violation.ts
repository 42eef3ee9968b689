// Both drivers report a broken UNIQUE or PRIMARY KEY constraint, each in its own words.

/** True when a write failed because a row with the same unique key exists (or was just committed by another writer). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // PostgreSQL: SQLSTATE 23505; better-sqlite3: the extended result code.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
