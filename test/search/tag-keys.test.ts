// TagKeys finds a tag by the key of its name among many, through collisions and growth.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { TagKeys } from '../../src/search/tag-keys.ts';

it('finds each of 50,000 tags by its key after growing from the smallest table, and nothing for other keys', () => {
  const names: (string | undefined)[] = [];
  for (let id = 0; id < 50_000; id++) names.push(id % 7 === 3 ? undefined : `tag ${id} ${'é'.repeat(id % 5)}`);
  // Keys are names in lower case; these names are.
  const keys = new TagKeys((id) => names[id]);
  names.forEach((_, id) => keys.add(id));
  names.forEach((name, id) => {
    if (name !== undefined) assert.equal(keys.find(name, () => true), id, name);
  });
  assert.equal(keys.find('tag 50000 ', () => true), undefined);
  assert.equal(keys.find('', () => true), undefined);
});

it('answers only for an accepted tag, and not at all when two accepted tags share a key', () => {
  const names = ['Harbour', 'gulls', 'harbour', 'Fog'];
  const keys = new TagKeys((id) => names[id], names.keys(), names.length);
  assert.equal(keys.find('harbour', () => true), undefined, 'two tags, no answer');
  assert.equal(keys.find('harbour', (id) => id !== 0), 2);
  assert.equal(keys.find('gulls', (id) => id !== 1), undefined);
  assert.equal(keys.find('fog', () => true), 3);
});

it('looks many keys up together as it looks each up alone, misses, shared keys and refusals included', () => {
  const names = ['Harbour', 'gulls', 'harbour', 'Fog', 'Lighthouse Keeper', 'Tide Pools'];
  const keys = new TagKeys((id) => names[id], names.keys(), names.length);
  const asked = ['harbour', 'fog', 'nothing here', 'gulls', 'tide pools', '', 'fog', 'lighthouse keeper'];
  const refuse = (id: number) => id !== 1;
  let asks = 0;
  const together = keys.findAll(asked, (id) => (asks++, refuse(id)));
  assert.deepEqual(together, asked.map((k) => keys.find(k, refuse)));
  assert.deepEqual(together, [undefined, 3, undefined, undefined, 5, undefined, 3, 4]);
  assert.ok(asks >= 5, `${asks} candidates read ahead`);
});
