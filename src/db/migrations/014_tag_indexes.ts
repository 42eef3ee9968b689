// Indexes measured with bench/autocomplete.ts (a million tags) and bench/wrangle.ts (65k real works).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Autocomplete scans a name_key range of canonical (or unwrangled) tags; with kind and merger_id in the
  // index the kind filter is checked on index entries. Before, SQLite fetched every row of the range to
  // read its kind (a one-letter prefix with a kind: ~10,000 row reads), and it would not pick a separate
  // (canonical, kind, name_key) index without ANALYZE statistics.
  await db.schema.dropIndex('tags_autocomplete').execute();
  await db.schema.createIndex('tags_prefix').on('tags').columns(['canonical', 'name_key', 'kind', 'merger_id']).execute();
  // Filter jobs walk a tag's works in work_id order (`tag_id in (…) and work_id > cursor order by work_id`):
  // a range of this index instead of reading and sorting all of the tag's taggings for every batch.
  await db.schema.dropIndex('work_tags_tag').execute();
  await db.schema.createIndex('work_tags_tag_work').on('work_tags').columns(['tag_id', 'work_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('work_tags_tag_work').execute();
  await db.schema.createIndex('work_tags_tag').on('work_tags').column('tag_id').execute();
  await db.schema.dropIndex('tags_prefix').execute();
  await db.schema.createIndex('tags_autocomplete').on('tags').columns(['canonical', 'name_key']).execute();
}
