import assert from 'node:assert/strict';
import { it } from 'node:test';
import { matchWarning } from '../../src/tags/fixed.ts';

it('reads the usual ways of writing each archive warning', () => {
  const cases: [string, string][] = [
    ['Graphic Depictions Of Violence', 'Graphic Depictions Of Violence'],
    ['graphic violence', 'Graphic Depictions Of Violence'],
    ['Violence', 'Graphic Depictions Of Violence'],
    ['MCD', 'Major Character Death'],
    ['character death', 'Major Character Death'],
    ['Rape/Non-Con', 'Rape/Non-Con'],
    ['non-con', 'Rape/Non-Con'],
    ['noncon', 'Rape/Non-Con'],
    ['underage', 'Underage'],
    ['No warnings', 'No Archive Warnings Apply'],
    ['none', 'No Archive Warnings Apply'],
    ['Creator Chose Not To Use Archive Warnings', 'Choose Not To Use Archive Warnings'],
  ];
  for (const [written, warning] of cases) assert.equal(matchWarning(written), warning, written);
});

it('leaves a looser content note to be an additional tag rather than an archive warning', () => {
  for (const note of ['mild violence', 'minor character death', 'death of a pet', 'underage drinking', 'violence against robots', 'spiders']) {
    assert.equal(matchWarning(note), undefined, note);
  }
});
