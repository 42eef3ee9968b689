// `quire export ID... [--format F] [--paper a5|letter] [-o FILE_OR_DIR] [--as LOGIN]`: writes
// works as files through the same service as the Download links. It reads as a guest unless --as
// names a user, so a restricted work or a draft is never written out by accident.
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { loadConfig } from '../config.ts';
import { openContext } from '../context.ts';
import { DomainError, LoginRequired, NotFound } from '../errors.ts';
import { findUserByLogin } from '../accounts/repository.ts';
import type { MaybeViewer } from '../authz/policy.ts';
import { FORMATS, isExportFormat, PAPERS, parsePaper, type ExportFormat, type Paper } from '../exports/formats.ts';
import { exportWork } from '../exports/service.ts';
import { parse, UsageError } from './args.ts';

function failure(e: unknown, asUser: string | undefined): string {
  if (e instanceof LoginRequired) return `${e.message}${asUser ? '' : ' (export it as a user with --as LOGIN)'}`;
  if (e instanceof NotFound) return asUser ? `no work with that id that ${asUser} can read` : 'no posted work with that id (drafts and hidden works need --as LOGIN)';
  if (e instanceof DomainError) return e.message;
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'a directory is in the way';
    case 'ENOTDIR':
      return 'a file is in the way of the output directory';
    default:
      return (e as Error).message;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Where each file goes: into a directory under its own name, or (one work) to the named file. */
async function outputTarget(output: string | undefined, count: number): Promise<{ dir: string } | { file: string }> {
  if (output === undefined || output === '') return { dir: '.' };
  if (/[/\\]$/.test(output) || (await isDirectory(output))) return { dir: output };
  if (count > 1) {
    if (extname(output) !== '') throw new UsageError(`-o ${output} names one file, but ${count} works were given: name a directory`);
    return { dir: output };
  }
  return { file: output };
}

/** Writes through a temporary file, so a failed export never leaves half a file under the real name. */
async function writeAtomically(path: string, body: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  try {
    await writeFile(temporary, body);
    await rename(temporary, path);
  } catch (e) {
    await rm(temporary, { force: true });
    throw e;
  }
}

export async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    paper: { type: 'string' },
    as: { type: 'string' },
  });
  if (positionals.length === 0) throw new UsageError('name at least one work ID to export');
  const format = values.format ?? 'epub';
  if (!isExportFormat(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  let paper: Paper;
  try {
    paper = parsePaper(values.paper);
  } catch {
    throw new UsageError(`--paper must be one of ${PAPERS.join(', ')}, got "${values.paper}"`);
  }
  if (values.paper !== undefined && format !== 'pdf') throw new UsageError('--paper only applies to --format pdf');
  const bad = positionals.find((p) => !/^\d{1,15}$/.test(p));
  if (bad !== undefined) throw new UsageError(`"${bad}" is not a work id (a whole number, as in /works/ID)`);
  const ids = positionals.map(Number);
  const target = await outputTarget(values.output, ids.length);

  const ctx = await openContext(loadConfig());
  let failed = 0;
  try {
    let viewer: MaybeViewer = null;
    if (values.as !== undefined) {
      const user = await findUserByLogin(ctx.db, values.as);
      if (!user) throw new NotFound(`no user named "${values.as}"`);
      viewer = { id: user.id, role: user.role };
    }
    const written = new Set<string>();
    for (const id of ids) {
      try {
        const file = await exportWork(ctx, viewer, id, format as ExportFormat, { paper });
        let path: string;
        if ('file' in target) path = target.file;
        else {
          path = join(target.dir, file.fileName);
          // Two works of the same title and author in one run must not overwrite each other.
          if (written.has(path)) path = join(target.dir, `${file.fileName.slice(0, -format.length - 1)} (${id}).${format}`);
        }
        await writeAtomically(path, file.body);
        written.add(path);
        console.log(path);
      } catch (e) {
        failed++;
        console.error(`work ${id}: failed: ${failure(e, values.as)}`);
      }
    }
  } finally {
    await ctx.close();
  }
  if (failed > 0 && ids.length > 1) console.error(`${failed} of ${ids.length} works failed`);
  return failed > 0 ? 1 : 0;
}
