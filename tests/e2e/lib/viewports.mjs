// Loads every page once and measures it at several viewport widths, narrowest last, a few
// pages at a time in one browser: the loop the layout tests share. `measure` runs in the page
// (passed to page.evaluate) and returns what the test asserts on.
import { after, before } from 'node:test';
import { launchChromium } from './browser.mjs';
import { startStaticServer } from './server.mjs';
import { buildSite, listFiles, pagePathOf, removeBuiltSite } from './site.mjs';

export const HEIGHT = 900;
const CONCURRENCY = Number(process.env.E2E_CONCURRENCY) || 2;

/**
 * Registers the test file's hooks: before its tests, build the site, serve it and measure
 * every page (options as for measureAtWidths); after them, close and remove everything.
 * Returns the state the tests read: { browser, records }.
 */
export function measuredSite(options) {
  const state = {};
  before(async () => {
    state.browser = await launchChromium();
    state.dir = buildSite();
    state.server = await startStaticServer({ root: state.dir, basePath: '/' });
    const pages = listFiles(state.dir, ['.html']).map(pagePathOf);
    state.records = await measureAtWidths({ concurrency: CONCURRENCY, ...options, browser: state.browser, server: state.server, pages });
  });
  after(async () => {
    await state.browser?.close();
    await state.server?.close();
    if (state.dir) removeBuiltSite(state.dir);
  });
  return state;
}

/**
 * Resolves to one record per page, sorted by path: { path, url, byWidth: { [width]: result } }.
 * `pages` are paths relative to server.baseUrl ('' or 'tinh/vinh-phuc/'). Each page loads in
 * the light colour scheme; `afterWidths(page, record)`, when given, runs once the widths are
 * measured (at the narrowest), to measure more.
 */
export async function measureAtWidths({ browser, server, pages, widths, measure, arg, concurrency = 2, afterWidths }) {
  const queue = [...pages];
  const records = [];
  async function worker() {
    const context = await browser.newContext({ viewport: { width: Math.max(...widths), height: HEIGHT } });
    const page = await context.newPage();
    try {
      while (queue.length > 0) {
        const path = queue.shift();
        const url = new URL(path, server.baseUrl).href;
        const rec = { path, url, byWidth: {} };
        records.push(rec);
        await page.setViewportSize({ width: Math.max(...widths), height: HEIGHT });
        await page.emulateMedia({ colorScheme: 'light' });
        await page.goto(url, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready);
        for (const width of [...widths].sort((a, b) => b - a)) {
          await page.setViewportSize({ width, height: HEIGHT });
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          rec.byWidth[width] = await page.evaluate(measure, arg);
        }
        if (afterWidths) await afterWidths(page, rec);
      }
    } finally {
      await context.close();
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, pages.length)) }, worker));
  records.sort((a, b) => a.path.localeCompare(b.path));
  return records;
}
