// Importing many local files: expand folders into the files Quire can read, then import them one
// by one, each in its own transaction, so a stop part-way keeps every work that finished.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context } from '../context.ts';
import type { Viewer } from '../authz/policy.ts';
import { importableExtensions, isImportableName } from '../formats/index.ts';
import { importFile, MAX_IMPORT_BYTES, MAX_IMPORT_MB } from './import-file.ts';
import type { ImportDefaults } from './service.ts';

/** A path to import, or one that could not even be listed (a missing file, an empty folder). */
export interface PlannedFile {
  file: string;
  problem?: string;
}

export type FileResult =
  | { file: string; status: 'imported'; id: number }
  | { file: string; status: 'duplicate'; id: number }
  | { file: string; status: 'failed'; reason: string };

export interface BulkListener {
  start?(index: number, file: string): void;
  done?(index: number, result: FileResult): void;
}

function fileError(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'not a file';
    default:
      return (e as Error).message;
  }
}

// Sorted by code point, not locale, so the order is the same on every machine.
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Every importable file under a folder, depth first in name order; dotfiles and dot-folders are skipped, symlinked folders not followed. */
async function walk(dir: string, out: string[]): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
  for (const entry of entries.sort((a, b) => byName(a.name, b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (isImportableName(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => null))?.isFile()))) out.push(path);
  }
}

/** Expands the given paths: a file stands for itself (whatever its name), a folder for the importable files in it. */
export async function planImport(paths: string[]): Promise<PlannedFile[]> {
  const planned: PlannedFile[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (e) {
      planned.push({ file: path, problem: fileError(e) });
      continue;
    }
    if (!info.isDirectory()) {
      planned.push({ file: path });
      continue;
    }
    const found: string[] = [];
    try {
      await walk(path, found);
    } catch (e) {
      planned.push({ file: path, problem: fileError(e) });
      continue;
    }
    if (found.length === 0) planned.push({ file: path, problem: `no importable files (${importableExtensions().map((x) => `.${x}`).join(', ')}) in this folder` });
    for (const file of found) planned.push({ file });
  }
  return planned;
}

async function importOne(ctx: Context, viewer: Viewer, file: string, defaults: ImportDefaults): Promise<FileResult> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    // Checked before reading, so a huge file is never loaded into memory.
    if (info.size > MAX_IMPORT_BYTES) throw new Error(`file is larger than ${MAX_IMPORT_MB} MB`);
    const outcome = await importFile(ctx, viewer, { name: file, bytes: await readFile(file) }, defaults);
    return outcome.status === 'imported' ? { file, status: 'imported', id: outcome.workId } : { file, status: 'duplicate', id: outcome.workId };
  } catch (e) {
    return { file, status: 'failed', reason: fileError(e) };
  }
}

/** Imports the planned files in order; one file's failure never stops the rest. */
export async function importPlanned(ctx: Context, viewer: Viewer, planned: PlannedFile[], defaults: ImportDefaults, listener: BulkListener = {}): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (const [i, { file, problem }] of planned.entries()) {
    listener.start?.(i, file);
    const result: FileResult = problem !== undefined ? { file, status: 'failed', reason: problem } : await importOne(ctx, viewer, file, defaults);
    results.push(result);
    listener.done?.(i, result);
  }
  return results;
}

export function tally(results: FileResult[]): { imported: number; duplicates: number; failed: number } {
  const count = (status: FileResult['status']) => results.filter((r) => r.status === status).length;
  return { imported: count('imported'), duplicates: count('duplicate'), failed: count('failed') };
}
