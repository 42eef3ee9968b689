import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_PHRASE_WORDS, MAX_TERMS, parseTextQuery, type Term } from '../../../src/search/text/parse.ts';
import { describeTextQuery } from '../../../src/search/text/describe.ts';
import { hostileQuery } from './cases.ts';

const word = (value: string, extra: Partial<Extract<Term, { type: 'word' }>> = {}): Term => ({ type: 'word', value, prefix: false, ...extra });
const phrase = (words: string[], extra: Partial<Extract<Term, { type: 'phrase' }>> = {}): Term => ({ type: 'phrase', words, ...extra });
/** The clauses, each as its list of alternatives. */
const must = (input: string): Term[][] => parseTextQuery(input).must.map((c) => c.any);

describe('parseTextQuery', () => {
  it('ANDs plain words, folded', () => {
    assert.deepEqual(must('Dragon CAFÉ'), [[word('dragon')], [word('cafe')]]);
  });

  it('reads double quotes as a phrase', () => {
    assert.deepEqual(must('"Green tea" cake'), [[phrase(['green', 'tea'])], [word('cake')]]);
  });

  it('treats an unclosed quote as a phrase to the end', () => {
    assert.deepEqual(must('cake "green tea'), [[word('cake')], [phrase(['green', 'tea'])]]);
  });

  it('accepts the curly quotes phones type', () => {
    assert.deepEqual(must('“green tea”'), [[phrase(['green', 'tea'])]]);
  });

  it('makes a one-word phrase a plain word', () => {
    assert.deepEqual(must('"dragon*"'), [[word('dragon')]]);
  });

  it('reads word* as a prefix, but not a lone star or a one-letter prefix', () => {
    assert.deepEqual(must('drag* d* * dr**'), [[word('drag', { prefix: true })], [word('d')], [word('dr', { prefix: true })]]);
  });

  it('joins terms on either side of OR or | into one clause', () => {
    assert.deepEqual(must('a OR b | c d'), [[word('a'), word('b'), word('c')], [word('d')]]);
  });

  it('reads lower-case or as a word', () => {
    assert.deepEqual(must('this or that'), [[word('this')], [word('or')], [word('that')]]);
  });

  it('ignores AND, stray OR and parentheses', () => {
    assert.deepEqual(must('OR (a AND b) OR) AND OR'), [[word('a')], [word('b')]]);
    assert.deepEqual(must('(a OR b) c'), [[word('a'), word('b')], [word('c')]]);
  });

  it('excludes -word, -"phrase" and NOT word', () => {
    const q = parseTextQuery('tea -knight -"green tea" NOT sad');
    assert.deepEqual(q.must, [{ any: [word('tea')] }]);
    assert.deepEqual(q.not, [word('knight'), phrase(['green', 'tea']), word('sad')]);
  });

  it('does not let OR reach across an exclusion', () => {
    const q = parseTextQuery('a OR -b OR c');
    assert.deepEqual(q.must.map((c) => c.any), [[word('a')], [word('c')]]);
    assert.deepEqual(q.not, [word('b')]);
  });

  it('ignores a lone dash between words', () => {
    assert.deepEqual(parseTextQuery('fluff - angst'), { must: [{ any: [word('fluff')] }, { any: [word('angst')] }], not: [] });
  });

  it('reads fields and their aliases on words, prefixes and phrases', () => {
    assert.deepEqual(must('title:x Summary:y tags:"a b" by:ada* body:z tag:t author:u text:v'), [
      [word('x', { field: 'title' })],
      [word('y', { field: 'summary' })],
      [phrase(['a', 'b'], { field: 'tag' })],
      [word('ada', { prefix: true, field: 'author' })],
      [word('z', { field: 'text' })],
      [word('t', { field: 'tag' })],
      [word('u', { field: 'author' })],
      [word('v', { field: 'text' })],
    ]);
  });

  it('excludes a fielded term', () => {
    assert.deepEqual(parseTextQuery('-title:"x y"').not, [phrase(['x', 'y'], { field: 'title' })]);
  });

  it('applies a field typed with a space after the colon', () => {
    assert.deepEqual(must('title: dragon'), [[word('dragon', { field: 'title' })]]);
  });

  it('reads an unknown field as two words', () => {
    assert.deepEqual(must('foo:bar constructor:x'), [[word('foo')], [word('bar')], [word('constructor')], [word('x')]]);
  });

  it('keeps words joined by apostrophes, hyphens and dots together as a phrase', () => {
    assert.deepEqual(must("don't spider-man 3.5 dark_lord"), [
      [phrase(['don', 't'])], [phrase(['spider', 'man'])], [phrase(['3', '5'])], [phrase(['dark', 'lord'])],
    ]);
  });

  it('splits words at other punctuation', () => {
    assert.deepEqual(must('harry/draco,ron+hermione'), [[word('harry')], [word('draco')], [word('ron')], [word('hermione')]]);
  });

  it('turns a CJK run into a phrase of single characters', () => {
    assert.deepEqual(must('我爱你 爱 title:天气'), [[phrase(['我', '爱', '你'])], [word('爱')], [phrase(['天', '气'], { field: 'title' })]]);
  });

  it('reads NEAR( and ^ as ordinary words and punctuation', () => {
    assert.deepEqual(must('NEAR(a b) ^x'), [[word('near')], [word('a')], [word('b')], [word('x')]]);
  });

  it('returns only exclusions, or nothing, when there is nothing to search for', () => {
    assert.deepEqual(parseTextQuery('-sad NOT angst'), { must: [], not: [word('sad'), word('angst')] });
    assert.deepEqual(parseTextQuery('  🐉 !!! ( ) * " "  '), { must: [], not: [] });
  });

  it(`stops after ${MAX_TERMS} terms`, () => {
    const q = parseTextQuery(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '));
    assert.equal(q.must.length, MAX_TERMS);
    assert.deepEqual(q.must.at(-1)?.any, [word(`w${MAX_TERMS - 1}`)]);
  });

  it(`keeps the first ${MAX_PHRASE_WORDS} words of a pasted paragraph in quotes`, () => {
    const [[t]] = must(`"${'word '.repeat(1000)}`);
    assert.ok(t.type === 'phrase' && t.words.length === MAX_PHRASE_WORDS);
  });

  it('never throws, and never yields an empty word or phrase', () => {
    fc.assert(fc.property(hostileQuery, (input) => {
      const q = parseTextQuery(input);
      const terms = [...q.must.flatMap((c) => c.any), ...q.not];
      assert.ok(terms.length <= MAX_TERMS);
      for (const t of terms) assert.ok(t.type === 'word' ? t.value !== '' : t.words.length > 1 && t.words.every((w) => w !== ''));
    }), { numRuns: 3000 });
    assert.doesNotThrow(() => parseTextQuery('!?,.;:'.repeat(2000) + '"'.repeat(1000) + '('.repeat(1000)));
  });
});

describe('describeTextQuery', () => {
  it('writes the query back in its own syntax', () => {
    const q = parseTextQuery('Dragon "green tea" (title:fluff OR tag:angst) drag* 我爱你 -sad -by:"ada l"');
    assert.equal(describeTextQuery(q), 'dragon "green tea" (title:fluff OR tag:angst) drag* 我爱你 -sad -author:"ada l"');
  });

  it('gives back the same search when pasted into the search box', () => {
    fc.assert(fc.property(hostileQuery, (input) => {
      const q = parseTextQuery(input);
      assert.deepEqual(parseTextQuery(describeTextQuery(q, Infinity)), q);
    }), { numRuns: 3000 });
  });

  it('shortens a long query at a word boundary', () => {
    const text = describeTextQuery(parseTextQuery('alpha '.repeat(60)), 40);
    assert.ok(text.length <= 40 && text.endsWith('alpha…'), text);
  });
});
