// `quire tags …`: wrangling from the command line, for big clean-ups. Runs as
// an admin, prints each change, and finishes any filter recompute it started.
import { loadConfig } from '../config.ts';
import { openContext } from '../context.ts';
import { applyWrangle, type WrangleRequest } from '../tags/actions.ts';
import { runPendingJobs } from '../tags/jobs.ts';
import { parse, UsageError } from './args.ts';

const USAGE = `usage:
  quire tags canonical NAME... [--kind fandom|character|relationship|freeform]
  quire tags merge NAME... --into CANONICAL
  quire tags unmerge NAME...
  quire tags meta NAME --under META [--remove]
  quire tags parent NAME --fandom FANDOM [--remove]   (for a fandom: --media MEDIA)`;

export async function tagsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    kind: { type: 'string' },
    into: { type: 'string' },
    under: { type: 'string' },
    fandom: { type: 'string' },
    media: { type: 'string' },
    remove: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const [sub, ...names] = positionals;
  if (!sub) throw new UsageError(`name a subcommand\n${USAGE}`);
  if (!['canonical', 'merge', 'unmerge', 'meta', 'parent'].includes(sub)) throw new UsageError(`unknown subcommand "${sub}"\n${USAGE}`);
  if (names.length === 0) throw new UsageError(`name at least one tag\n${USAGE}`);
  let request: WrangleRequest;
  switch (sub) {
    case 'canonical':
      request = { action: 'canonical', tags: names, kind: values.kind };
      break;
    case 'merge':
      if (!values.into) throw new UsageError(`--into CANONICAL is required\n${USAGE}`);
      request = { action: 'merge', tags: names, target: values.into };
      break;
    case 'unmerge':
      request = { action: 'unmerge', tags: names };
      break;
    case 'meta':
      if (!values.under) throw new UsageError(`--under META is required\n${USAGE}`);
      request = { action: values.remove ? 'remove_meta' : 'add_meta', tags: names, target: values.under };
      break;
    case 'parent': {
      const parent = values.fandom ?? values.media;
      if (!parent) throw new UsageError(`--fandom FANDOM (or --media MEDIA) is required\n${USAGE}`);
      request = { action: values.remove ? 'remove_parent' : 'add_parent', tags: names, target: parent };
      break;
    }
    default:
      throw new UsageError(USAGE);
  }
  const ctx = await openContext(loadConfig());
  try {
    const changes = await applyWrangle(ctx, { viewer: { id: 0, role: 'admin' }, name: 'command line' }, request);
    for (const c of changes) {
      const works = c.recompute ? `${c.recompute.affected} ${c.recompute.affected === 1 ? 'work' : 'works'}` : '';
      const extra = c.recompute ? ` (${works} ${c.recompute.jobId ? `queued as job ${c.recompute.jobId}` : 're-filtered'})` : '';
      if (!values.json) console.log(`${c.tag}: ${c.detail}${extra}`);
    }
    if (changes.some((c) => c.recompute?.jobId)) {
      const started = Date.now();
      await runPendingJobs(ctx.db, {
        onProgress: (job) => {
          if (!values.json && process.stderr.isTTY) process.stderr.write(`\rre-filtering: ${job.done}/${job.total} works`);
        },
      });
      if (!values.json) console.log(`${process.stderr.isTTY ? '\n' : ''}Filters recomputed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    if (values.json) console.log(JSON.stringify(changes));
    return 0;
  } finally {
    await ctx.close();
  }
}
