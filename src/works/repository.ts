// Work rows, their creators and the listing query. SQL only; no rules here.
import type { Db, WorkRow } from '../db/schema.ts';
import type { ListingScope } from '../authz/policy.ts';

export interface Creator {
  work_id: number;
  pseud_id: number;
  pseud: string;
  user_id: number;
  login: string;
}

export function findWork(db: Db, id: number): Promise<WorkRow | undefined> {
  return db.selectFrom('works').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The query creatorsOf runs (also run as a prepared statement, see works/page-rows.ts). */
export const creatorsQuery = (db: Db, workIds: number[]) =>
  db
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
    .innerJoin('users', 'users.id', 'pseuds.user_id')
    .select(['creatorships.work_id', 'creatorships.pseud_id', 'pseuds.name as pseud', 'users.id as user_id', 'users.login'])
    .where('creatorships.work_id', 'in', workIds)
    .orderBy('creatorships.work_id')
    .orderBy('creatorships.position');

/** creatorsQuery's rows by work. */
export function creatorsByWork(rows: readonly Creator[]): Map<number, Creator[]> {
  const map = new Map<number, Creator[]>();
  for (const r of rows) {
    const list = map.get(r.work_id);
    if (list) list.push(r);
    else map.set(r.work_id, [r]);
  }
  return map;
}

export async function creatorsOf(db: Db, workIds: number[]): Promise<Map<number, Creator[]>> {
  if (workIds.length === 0) return new Map();
  return creatorsByWork(await creatorsQuery(db, workIds).execute());
}

/** What a listing can be narrowed by; it grows into the search query of the discovery issue. */
export interface ListFilter {
  filterTagId?: number;
  creatorUserId?: number;
  creatorPseudId?: number;
}

export async function listWorkIds(
  db: Db,
  filter: ListFilter,
  scope: ListingScope,
  page: { limit: number; offset: number },
): Promise<{ ids: number[]; total: number }> {
  let q = db.selectFrom('works').where('works.status', '=', 'posted');
  if (!scope.includeHidden) q = q.where('works.hidden', '=', 0);
  if (!scope.includeRestricted) q = q.where('works.restricted', '=', 0);
  if (filter.filterTagId !== undefined) {
    const tagId = filter.filterTagId;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('work_filters').select('work_filters.work_id').whereRef('work_filters.work_id', '=', 'works.id').where('work_filters.tag_id', '=', tagId)),
    );
  }
  if (filter.creatorUserId !== undefined || filter.creatorPseudId !== undefined) {
    const { creatorUserId, creatorPseudId } = filter;
    if (!scope.includeAnonymousByCreator) q = q.where('works.anonymous', '=', 0);
    q = q.where((eb) => {
      let sub = eb
        .selectFrom('creatorships')
        .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
        .select('creatorships.work_id')
        .whereRef('creatorships.work_id', '=', 'works.id');
      if (creatorUserId !== undefined) sub = sub.where('pseuds.user_id', '=', creatorUserId);
      if (creatorPseudId !== undefined) sub = sub.where('pseuds.id', '=', creatorPseudId);
      return eb.exists(sub);
    });
  }
  const totalRow = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select('works.id')
    .orderBy('works.updated_at', 'desc')
    .orderBy('works.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { ids: rows.map((r) => r.id), total: Number(totalRow.n) };
}

/** The query worksByIds runs (also run as a prepared statement, see works/page-rows.ts). */
export const worksByIdsQuery = (db: Db, ids: number[]) => db.selectFrom('works').selectAll().where('id', 'in', ids);

/** `rows` in the order of `ids`, leaving out ids without a row. */
export function inIdOrder(ids: readonly number[], rows: readonly WorkRow[]): WorkRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is WorkRow => r !== undefined);
}

export async function worksByIds(db: Db, ids: number[]): Promise<WorkRow[]> {
  if (ids.length === 0) return [];
  return inIdOrder(ids, await worksByIdsQuery(db, ids).execute());
}

/** Drafts of a user's own works, for their dashboard. */
export async function draftIdsOf(db: Db, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('works')
    .innerJoin('creatorships', 'creatorships.work_id', 'works.id')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
    .select('works.id')
    .where('pseuds.user_id', '=', userId)
    .where('works.status', '=', 'draft')
    .orderBy('works.updated_at', 'desc')
    .execute();
  return [...new Set(rows.map((r) => r.id))];
}
