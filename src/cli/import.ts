// `quire import PATH...`: files and folders, a progress bar on a terminal, a summary, --json.
import { loadConfig } from '../config.ts';
import { openContext } from '../context.ts';
import { NotFound } from '../errors.ts';
import { findUserByLogin } from '../accounts/repository.ts';
import { checkImportDefaults, type ImportDefaults } from '../imports/service.ts';
import { importPlanned, planImport, tally, type BulkListener, type FileResult } from '../imports/bulk.ts';
import { parse, UsageError } from './args.ts';
import { ProgressBar } from './progress.ts';

function resultLine(r: FileResult): string {
  if (r.status === 'imported') return `${r.file}: work ${r.id}`;
  if (r.status === 'duplicate') return `${r.file}: skipped as duplicate of work ${r.id}`;
  return `${r.file}: failed: ${r.reason}`;
}

function summary(results: FileResult[]): string {
  const { imported, duplicates, failed } = tally(results);
  const lines = [`imported ${imported}, skipped as duplicate ${duplicates}, failed ${failed}`];
  for (const r of results) if (r.status === 'failed') lines.push(`  failed: ${r.file}: ${r.reason}`);
  return lines.join('\n');
}

/**
 * Per-file lines: results on stdout, failures on stderr. On a terminal the bar replaces the
 * result lines (unless stdout is redirected), and failures are printed above it.
 */
function reporter(total: number, json: boolean): { listener: BulkListener; end(): void } {
  const bar = process.stderr.isTTY ? new ProgressBar(process.stderr, total) : null;
  const print = (r: FileResult) => {
    if (json) return;
    if (r.status === 'failed') console.error(resultLine(r));
    else if (!bar || !process.stdout.isTTY) console.log(resultLine(r));
  };
  return {
    listener: {
      start: (_i, file) => bar?.start(file),
      done: (_i, r) => {
        if (bar) bar.above(() => print(r));
        else print(r);
        bar?.finish();
      },
    },
    end: () => bar?.clear(),
  };
}

export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals: paths } = parse(args, {
    user: { type: 'string' },
    rating: { type: 'string' },
    fandom: { type: 'string', multiple: true },
    warning: { type: 'string', multiple: true },
    tag: { type: 'string', multiple: true },
    language: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.user) throw new UsageError('--user NAME is required (the account the works are posted by)');
  if (paths.length === 0) throw new UsageError('name at least one FILE or FOLDER to import');
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
  let results: FileResult[];
  try {
    const user = await findUserByLogin(ctx.db, values.user);
    if (!user) throw new NotFound(`no user named "${values.user}"`);
    const planned = await planImport(paths);
    const report = reporter(planned.length, values.json ?? false);
    try {
      results = await importPlanned(ctx, { id: user.id, role: user.role }, planned, defaults, report.listener);
    } finally {
      report.end();
    }
  } finally {
    await ctx.close();
  }
  if (values.json) console.log(JSON.stringify({ ...tally(results), results }));
  else console.log(summary(results));
  return results.some((r) => r.status === 'failed') ? 1 : 0;
}
