// Tag names are normalised one way whichever path a name takes (plain ASCII words skip the work).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeTagName, tagKey } from '../../src/tags/names.ts';
import { random } from '../support/random.ts';

const byTheRule = (raw: string) => raw.normalize('NFC').replace(/[\s\u200b\ufeff]+/gu, ' ').trim();

describe('tag names', () => {
  it('are trimmed, their white space collapsed and composed, and keyed in lower case', () => {
    assert.equal(normalizeTagName('  Sea   Fog\t(Weather)\n'), 'Sea Fog (Weather)');
    assert.equal(normalizeTagName('Cafe\u0301\u200bAu Lait'), 'Café Au Lait');
    assert.equal(tagKey('Harry/Draco'), 'harry/draco');
    assert.equal(tagKey('Sea  FOG'), tagKey('sea fog'));
    assert.equal(normalizeTagName(''), '');
    assert.equal(normalizeTagName('   '), '');
  });

  it('normalise as the rule says for any mix of letters, spaces and marks', () => {
    const rand = random(7);
    const pieces = ['a', 'Z', '9', '/', '(', '~', ' ', ' ', '  ', '\t', '\n', '\u00a0', '\u200b', '\ufeff', 'é', 'e\u0301', 'ß', 'İ', '日本', '🐉', '\u3000'];
    for (let i = 0; i < 20000; i++) {
      const n = 1 + Math.floor(rand() * 8);
      const raw = Array.from({ length: n }, () => pieces[Math.floor(rand() * pieces.length)]!).join('');
      assert.equal(normalizeTagName(raw), byTheRule(raw), JSON.stringify(raw));
      assert.equal(tagKey(raw), byTheRule(raw).toLowerCase(), JSON.stringify(raw));
    }
  });
});
