import { readFile, stat } from 'node:fs/promises';
import { loadConfig } from '../config.ts';
import { openContext } from '../context.ts';
import { NotFound } from '../errors.ts';
import { findUserByLogin } from '../accounts/repository.ts';
import { checkImportDefaults, importParsedWork, type ImportDefaults } from '../imports/service.ts';
import { parseImportFile } from '../formats/index.ts';
import { parse, UsageError } from './args.ts';

const MAX_FILE_BYTES = 20 * 1024 * 1024;

type Result = { file: string; id: number } | { file: string; error: string };

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

export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals: files } = parse(args, {
    user: { type: 'string' },
    rating: { type: 'string' },
    fandom: { type: 'string', multiple: true },
    warning: { type: 'string', multiple: true },
    tag: { type: 'string', multiple: true },
    language: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.user) throw new UsageError('--user NAME is required (the account the works are posted by)');
  if (files.length === 0) throw new UsageError('name at least one FILE to import');
  const defaults: ImportDefaults = {
    rating: values.rating,
    fandoms: values.fandom ?? [],
    warnings: values.warning ?? [],
    tags: values.tag ?? [],
    language: values.language,
  };
  // A mistyped flag stops the whole batch before anything is read or written.
  checkImportDefaults(defaults);
  const ctx = await openContext(loadConfig());
  const results: Result[] = [];
  try {
    const user = await findUserByLogin(ctx.db, values.user);
    if (!user) throw new NotFound(`no user named "${values.user}"`);
    const viewer = { id: user.id, role: user.role };
    for (const file of files) {
      try {
        const info = await stat(file);
        if (!info.isFile()) throw new Error('not a file');
        if (info.size > MAX_FILE_BYTES) throw new Error(`file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
        const parsed = parseImportFile(await readFile(file), file);
        const id = await importParsedWork(ctx, viewer, parsed, defaults);
        results.push({ file, id });
        if (!values.json) console.log(`${file}: work ${id}`);
      } catch (e) {
        const message = fileError(e);
        results.push({ file, error: message });
        if (!values.json) console.error(`${file}: failed: ${message}`);
      }
    }
  } finally {
    await ctx.close();
  }
  if (values.json) console.log(JSON.stringify(results));
  return results.some((r) => 'error' in r) ? 1 : 0;
}
