// The team's ../shared folder (XSS corpora, Gutenberg texts) sits beside the repository on CI and
// dev machines but is not part of a user's clone, so tests that read it skip when it is missing.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));

/** Absolute path of `relative` inside ../shared, or null when it is not there. */
export function sharedPath(relative: string): string | null {
  const path = SHARED + relative;
  return existsSync(path) ? path : null;
}

export function missingSharedMessage(relative: string): string {
  return `skipped: ${SHARED}${relative} is not present (the shared folder is not part of a clone)`;
}
