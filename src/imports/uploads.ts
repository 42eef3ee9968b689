// A batch of uploaded files: each imported in its own transaction, each answered on its own.
import type { Context } from '../context.ts';
import { DomainError, InvalidInput } from '../errors.ts';
import { requireLogin, type MaybeViewer } from '../authz/policy.ts';
import { importFile, type SourceFile } from './import-file.ts';
import { checkImportDefaults, type ImportDefaults } from './service.ts';

export type UploadResult =
  | { name: string; status: 'imported' | 'duplicate'; workId: number; title: string }
  | { name: string; status: 'failed'; reason: string };

/** Imports every file; a file the archive refuses is reported with why, and the others still go in. */
export async function importUploads(ctx: Context, viewer: MaybeViewer, files: SourceFile[], defaults: ImportDefaults): Promise<UploadResult[]> {
  const v = requireLogin(viewer);
  // A bad default would fail every file the same way: say it once, before any is imported.
  checkImportDefaults(defaults);
  if (files.length === 0) throw new InvalidInput('Choose at least one file to import', 'files');
  const results: UploadResult[] = [];
  for (const file of files) {
    try {
      results.push({ name: file.name, ...(await importFile(ctx, v, file, defaults)) });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      results.push({ name: file.name, status: 'failed', reason: e.message });
    }
  }
  return results;
}
