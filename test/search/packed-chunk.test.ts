// A build's chunks travel from its reading workers packed in typed arrays (./packed-chunk.ts):
// what arrives must be what was read.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { packChunk, unpackChunk } from '../../src/search/packed-chunk.ts';
import type { BuildChunk } from '../../src/search/load.ts';
import { workFacts } from '../support/index-works.ts';

function travel(chunk: BuildChunk): BuildChunk {
  const { port1, port2 } = new MessageChannel();
  const { packed, transfer } = packChunk(chunk);
  port1.postMessage(packed, transfer);
  const got = receiveMessageOnPort(port2)!.message;
  port1.close();
  assert.ok(transfer.every((b) => b.byteLength === 0), 'the arrays moved rather than copied');
  return unpackChunk(got);
}

it('a chunk of works arrives as it was read', () => {
  const works = [
    workFacts(3, [5, 9, 4_000_000]),
    workFacts(4, [], { restricted: true, anonymous: true, complete: false, expected: null, words: 4_000_000_000, chapters: 250, title: 'Café au lait 🍵 雪の日', author: 'anonymous', language: 'ja', creators: [7, 8], pseuds: [70, 81], fandoms: 2 }),
    workFacts(9, [1], { title: '', author: '', language: '', creators: [], pseuds: [], updatedAt: 1.7e12 + 0.5, publishedAt: 0, expected: 0, complete: true }),
  ];
  assert.deepEqual(travel({ works }), { works });
  assert.deepEqual(travel({ works: [] }), { works: [] });
});

it('a chunk of tags and one of crossover works arrive as they were read', () => {
  const tags = [
    { id: 1, name: 'General Audiences', kind: 'rating' as const, canonical: true, synonym: false },
    { id: 2_300_000, name: 'Ünïcödé & 中文 tag', kind: 'freeform' as const, canonical: false, synonym: true, merger: 2_299_999 },
    { id: 5, name: 'x', kind: 'media' as const, canonical: false, synonym: false },
    { id: 6, name: 'Someone/Someone Else', kind: 'relationship' as const, canonical: true, synonym: false },
  ];
  assert.deepEqual(travel({ tags }), { tags });
  assert.deepEqual(travel({ crossovers: [4, 10, 999_999] }), { crossovers: [4, 10, 999_999] });
});
