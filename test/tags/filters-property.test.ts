// Property: for random tag graphs and random wrangling sequences, every work's
// stored filters equal filters recomputed from scratch by an independent oracle.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import fc from 'fast-check';
import { forEachDialect } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { makeUser, makeWork } from '../support/builders.ts';
import type { Context } from '../../src/context.ts';
import type { Db } from '../../src/db/schema.ts';
import { DomainError } from '../../src/errors.ts';
import { addMeta, makeCanonical, mergeTags, removeMeta, unmergeTags, type Actor } from '../../src/tags/wrangling.ts';
import { runPendingJobs } from '../../src/tags/jobs.ts';

type Op =
  | { kind: 'canonical'; a: number }
  | { kind: 'merge'; a: number; b: number }
  | { kind: 'unmerge'; a: number }
  | { kind: 'meta'; a: number; b: number }
  | { kind: 'unmeta'; a: number; b: number };

const TAGS = 6;
const opArb = (): fc.Arbitrary<Op> => {
  const t = fc.integer({ min: 0, max: TAGS - 1 });
  return fc.oneof(
    fc.record({ kind: fc.constant('canonical' as const), a: t }),
    fc.record({ kind: fc.constant('merge' as const), a: t, b: t }),
    fc.record({ kind: fc.constant('unmerge' as const), a: t }),
    fc.record({ kind: fc.constant('meta' as const), a: t, b: t }),
    fc.record({ kind: fc.constant('unmeta' as const), a: t, b: t }),
  );
};

/** The definition, written out plainly: canonical of each tag, plus every meta tag reachable above it. */
async function oracle(db: Db, workIds: number[]): Promise<Map<number, string>> {
  const tags = await db.selectFrom('tags').select(['id', 'merger_id']).execute();
  const merger = new Map(tags.map((t) => [t.id, t.merger_id]));
  const edges = await db.selectFrom('meta_taggings').select(['meta_id', 'sub_id']).execute();
  const taggings = await db.selectFrom('work_tags').select(['work_id', 'tag_id']).where('work_id', 'in', workIds).execute();
  const out = new Map<number, string>();
  for (const w of workIds) {
    const set = new Set<number>();
    const stack = taggings.filter((t) => t.work_id === w).map((t) => merger.get(t.tag_id) ?? t.tag_id);
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (set.has(x)) continue;
      set.add(x);
      for (const e of edges) if (e.sub_id === x) stack.push(e.meta_id);
    }
    out.set(w, [...set].sort((a, b) => a - b).join(','));
  }
  return out;
}

async function stored(db: Db, workIds: number[]): Promise<Map<number, string>> {
  const rows = await db.selectFrom('work_filters').select(['work_id', 'tag_id']).where('work_id', 'in', workIds).execute();
  return new Map(workIds.map((w) => [w, rows.filter((r) => r.work_id === w).map((r) => r.tag_id).sort((a, b) => a - b).join(',')]));
}

forEachDialect('materialised filters (property)', ({ get, dialect }) => {
  let run = 0;
  let ctxInline: Context;
  let ctxJobs: Context;
  let actor: Actor;
  let writer: Awaited<ReturnType<typeof makeUser>>;
  before(async () => {
    ctxInline = testContext(get(), { filterInlineLimit: 1000 });
    ctxJobs = testContext(get(), { filterInlineLimit: 0 });
    const w = await makeUser(ctxInline, 'wrangler');
    actor = { viewer: w, name: w.login };
    writer = await makeUser(ctxInline);
  });

  it('equal a from-scratch computation after any wrangling sequence', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: TAGS - 1 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        fc.array(opArb(), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        async (works, ops, useJobs) => {
          const r = ++run;
          const name = (i: number) => `p${r} tag ${i}`;
          const ctx = useJobs ? ctxJobs : ctxInline;
          const ids: number[] = [];
          for (const tags of works) ids.push(await makeWork(ctx, writer, { freeforms: tags.map(name).join(', ') }));
          for (let i = 0; i < TAGS; i++) if (!works.some((w) => w.includes(i))) await makeCanonical(ctx, actor, [name(i)], 'freeform');
          for (const op of ops) {
            try {
              if (op.kind === 'canonical') await makeCanonical(ctx, actor, [name(op.a)]);
              else if (op.kind === 'merge') await mergeTags(ctx, actor, [name(op.a)], name(op.b));
              else if (op.kind === 'unmerge') await unmergeTags(ctx, actor, [name(op.a)]);
              else if (op.kind === 'meta') await addMeta(ctx, actor, name(op.a), name(op.b));
              else await removeMeta(ctx, actor, name(op.a), name(op.b));
            } catch (e) {
              if (!(e instanceof DomainError)) throw e; // refused requests must change nothing, which the check below covers
            }
            await runPendingJobs(ctx.db);
            assert.deepEqual(await stored(ctx.db, ids), await oracle(ctx.db, ids), `after ${JSON.stringify(op)}`);
          }
        },
      ),
      { numRuns: dialect === 'sqlite' ? 40 : 15, seed: 20261128 },
    );
  });
});
