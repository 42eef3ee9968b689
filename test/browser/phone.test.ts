// The reading pages on a phone-sized screen: nothing scrolls sideways, and screenshots land in
// test-results/ for a person to look at.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { workForm, workIdFrom } from '../support/app.ts';
import { browserSkip, resultsDir, useBrowserEnv } from './support.ts';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Elements wider than the screen, by a short description, to name what overflows. */
async function sidewaysOverflow(page: Page): Promise<{ scrollWidth: number; width: number; culprits: string[] }> {
  return page.evaluate(() => {
    const doc = (globalThis as any).document;
    const width: number = doc.documentElement.clientWidth;
    const culprits: string[] = [];
    for (const el of doc.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > width + 1 || r.left < -1) && !el.closest('.sr, .skip-link')) {
        culprits.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} (${Math.round(r.left)}..${Math.round(r.right)})`);
      }
    }
    return { scrollWidth: doc.documentElement.scrollWidth, width, culprits: culprits.slice(0, 10) };
  });
}

describe('browser: reading on a phone (390x844)', { skip: browserSkip() }, () => {
  const env = useBrowserEnv();
  let workId: number;

  before(async () => {
    const writer = env().client();
    await writer.signup('pocketwriter');
    const long = 'A_very_long_unbroken_word_that_a_writer_pasted_without_spaces_'.repeat(4);
    workId = workIdFrom(await writer.post('/works', workForm({
      title: 'The Lighthouse Keeper and the Extraordinarily Long Title That Wraps',
      rating: 'Teen And Up Audiences',
      warnings: 'Major Character Death',
      categories: ['F/M', 'Gen'],
      fandoms: 'Original Work, A Fandom With A Rather Long Name Indeed',
      relationships: 'Mira/Tobin, Mira & The Sea',
      characters: 'Mira, Tobin, The Harbourmaster',
      freeforms: 'Fluff, Found Family, Slow Burn, Storms, Lighthouses',
      summary: 'Two keepers and one storm.',
      chapter_body: `The wind came in off the sea.\n\nMira lit the lamp. ${long}\n\n* * *\n\nMorning came grey and slow.`,
    })));
    assert.equal((await writer.post(`/works/${workId}/chapters`, { title: 'After the Storm', format: 'text', body: 'The second chapter.' })).status, 303);
    await writer.post('/works', workForm({ title: 'Deep Water', rating: 'Explicit', warnings: 'Choose Not To Use Archive Warnings', complete: 'on' }));
    await writer.post('/works', workForm({ title: 'Notes From Nowhere', rating: 'Not Rated', categories: 'M/M', anonymous: 'on' }));
  });

  for (const [name, path, file] of [
    ['the home page', () => '/', 'phone-home.png'],
    ['a work page', () => `/works/${workId}`, 'phone-work.png'],
  ] as const) {
    it(`fits ${name} to the phone's width without sideways scrolling`, async () => {
      const page = await env().newPage(PHONE);
      assert.equal((await page.goto(path()))?.status(), 200);
      await page.screenshot({ path: join(resultsDir(), file), fullPage: true });
      const { scrollWidth, width, culprits } = await sidewaysOverflow(page);
      assert.ok(scrollWidth <= width, `page is ${scrollWidth}px wide on a ${width}px screen; too wide: ${culprits.join(', ')}`);
      assert.deepEqual(culprits, []);
      // The rating/warning/category/status squares: every label fits its square, none is clipped.
      const clipped = await page.locator('.sym').evaluateAll((els) => els.filter((e: any) => e.scrollWidth > e.clientWidth).map((e: any) => `${e.className}: ${e.firstElementChild?.textContent}`));
      assert.deepEqual(clipped, []);
    });
  }
});
