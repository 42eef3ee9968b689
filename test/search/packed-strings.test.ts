import assert from 'node:assert/strict';
import { it } from 'node:test';
import { PackedStrings } from '../../src/search/packed-strings.ts';
import { random } from '../support/random.ts';

it('gives back each id\'s string, of any script, through the store\'s growth and replacements', () => {
  const rand = random(5);
  const pieces = ['Ash', 'Bryn', 'café', 'Ærø', '我爱你', '🐉', 'Ω', ' ', '/', 'x'.repeat(150)];
  const strings = new PackedStrings();
  const kept = new Map<number, string>();
  for (let round = 0; round < 60_000; round++) {
    const id = Math.floor(rand() * rand() * 40_000);
    const s = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pieces[Math.floor(rand() * pieces.length)]).join('');
    strings.set(id, s);
    kept.set(id, s);
  }
  assert.equal(strings.size, Math.max(...kept.keys()) + 1);
  for (let id = 0; id < strings.size + 10; id++) {
    assert.equal(strings.get(id), kept.get(id), `id ${id}`);
    assert.equal(strings.has(id), kept.has(id), `id ${id}`);
  }
});
