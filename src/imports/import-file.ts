// Imports one file's bytes as a work: the one path behind `quire import`, the upload page and the API.
import { createHash } from 'node:crypto';
import type { Context } from '../context.ts';
import { nowIso } from '../context.ts';
import { InvalidInput } from '../errors.ts';
import { requireLogin, type MaybeViewer } from '../authz/policy.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { parseImportFile } from '../formats/index.ts';
import { checkImportDefaults, importParsedWork, type ImportDefaults } from './service.ts';
import { findImportedSource, insertImportedSource } from './sources.ts';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_MB = MAX_IMPORT_BYTES / 1024 / 1024;

export interface SourceFile {
  /** As the uploader named it; only the extension and the last path segment are used. */
  name: string;
  bytes: Uint8Array;
}

export interface ImportOutcome {
  /** 'duplicate': this user imported the same bytes before, and that work still exists. */
  status: 'imported' | 'duplicate';
  workId: number;
  title: string;
}

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Posts the file as a work, or finds the work these exact bytes already became. The hash row is
 * written in the work's own transaction, so a crash leaves both or neither, and its key makes the
 * loser of two concurrent imports of one file a duplicate instead of a second work.
 */
export async function importFile(ctx: Context, viewer: MaybeViewer, file: SourceFile, defaults: ImportDefaults): Promise<ImportOutcome> {
  const v = requireLogin(viewer);
  checkImportDefaults(defaults);
  if (file.bytes.length > MAX_IMPORT_BYTES) throw new InvalidInput(`The file is larger than ${MAX_IMPORT_MB} MB`, 'file');
  const sha256 = sha256Of(file.bytes);
  const earlier = await findImportedSource(ctx.db, v.id, sha256);
  if (earlier) return { status: 'duplicate', ...earlier };
  const parsed = parseImportFile(file.bytes, file.name);
  const fileName = file.name.split(/[/\\]/).pop() ?? file.name;
  try {
    const workId = await importParsedWork(ctx, v, parsed, defaults, {
      inTransaction: (trx, id) => insertImportedSource(trx, { userId: v.id, sha256, workId: id, fileName, now: nowIso() }),
    });
    return { status: 'imported', workId, title: parsed.title };
  } catch (e) {
    const winner = isUniqueViolation(e) ? await findImportedSource(ctx.db, v.id, sha256) : undefined;
    if (!winner) throw e;
    return { status: 'duplicate', ...winner };
  }
}
