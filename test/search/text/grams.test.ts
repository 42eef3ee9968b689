import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { metaGrams, phraseGrams, textGrams } from '../../../src/search/text/grams.ts';
import { PAIR_WORDS, phraseStandsIn } from './cases.ts';

const VOCAB = PAIR_WORDS;
const holds = phraseStandsIn;

/** Whether the pairs stand one after another among the text's pairs. */
function pairsHold(text: string[], grams: string[]): boolean {
  const all = textGrams(text.join(' ')).split(' ');
  for (let i = 0; i + grams.length <= all.length; i++) if (grams.every((g, k) => all[i + k] === g)) return true;
  return false;
}

describe('word pairs for phrases of common words', () => {
  it('find a phrase exactly where its words stand in the text, whenever they are used', () => {
    let used = 0;
    let found = 0;
    const word = fc.constantFrom(...VOCAB);
    const text = fc.array(word, { maxLength: 40 });
    fc.assert(
      fc.property(text, fc.array(word, { minLength: 2, maxLength: 4 }), fc.nat(40), fc.boolean(), (t, random, at, fromText) => {
        // Half the phrases are cut from the text itself, so that many are there to be found.
        const phrase = fromText && t.length >= 2 ? t.slice(at % (t.length - 1), (at % (t.length - 1)) + random.length) : random;
        const grams = phraseGrams(phrase);
        if (grams === null || phrase.length < 2) return;
        used++;
        const expected = holds(t, phrase);
        if (expected) found++;
        assert.equal(pairsHold(t, grams), expected, `${JSON.stringify(phrase)} in ${JSON.stringify(t)}`);
      }),
      { numRuns: 20_000 },
    );
    // The property must have been tried both ways, many times.
    assert.ok(used > 5000 && found > 1000, `used ${used}, found ${found}`);
  });

  it('are used only when every neighbouring pair holds a common word and every inner word is common', () => {
    assert.ok(phraseGrams(['said', 'that', 'the']));
    assert.ok(phraseGrams(['dragon', 'of', 'the']));
    assert.ok(phraseGrams(['the', 'dragon']));
    assert.equal(phraseGrams(['green', 'dragon']), null); // neither is common
    assert.equal(phraseGrams(['of', 'dragon', 'is']), null); // "dragon" inside
    assert.equal(phraseGrams(['the']), null);
    assert.equal(phraseGrams(['the', 'नमस्ते']), null);
  });

  it('pair stems, so that other forms of a word match as FTS5 matches them', () => {
    assert.deepEqual(phraseGrams(['running', 'the']), phraseGrams(['runs', 'the']));
    assert.ok(holds(['he', 'runs', 'the', 'inn'], ['running', 'the']));
    assert.ok(pairsHold(['he', 'runs', 'the', 'inn'], phraseGrams(['running', 'the'])!));
  });

  it('never run on from one field into the next', () => {
    // A title ending "a tale of the" and a summary starting "the sea": no phrase "of the sea".
    const stream = metaGrams(['a tale of the', 'the sea was calm']).split(' ');
    const grams = phraseGrams(['of', 'the', 'sea'])!;
    const at = stream.indexOf(grams[0]!);
    assert.ok(at >= 0 && stream.includes(grams[1]!));
    assert.notEqual(stream[at + 1], grams[1]);
  });

  it('break the run of pairs at a word that cannot pair', () => {
    // Without the break, the pairs "said that" and "that the" would stand side by side.
    const text = ['said', 'that', 'नमस्ते', 'that', 'the'];
    assert.equal(holds(text, ['said', 'that', 'the']), false);
    assert.equal(pairsHold(text, phraseGrams(['said', 'that', 'the'])!), false);
  });
});
