// Search finds Vietnamese the way people type it (issue 25, item 8): a query without tone
// marks and with d for đ finds the same pages as the marked one, every page with the exact
// marks ranks above every page without them, and what the results show has its đ back. The
// query goes through the search page's own script (window.ictreportSearch, what PagefindUI
// is given as processTerm and processResult) into the module its search box loads (Pagefind's
// with results exact-first, window.ictreportSearch.module) over the site's Pagefind bundle.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './lib/browser.mjs';
import { assertNoProblems } from './lib/assertions.mjs';
import { startStaticServer } from './lib/server.mjs';
import { buildSite, removeBuiltSite, writeResults } from './lib/site.mjs';

export const PAIRS = [
  ['điện tử', 'dien tu'],
  ['Đà Nẵng', 'Da Nang'],
  ['đổi mới', 'doi moi'],
  ['bưu chính', 'buu chinh'],
  ['cáp quang', 'cap quang'],
];

// Runs in the search page: every result of `query`, with its score and what it shows.
async function search(query) {
  const pagefind = await import(new URL(window.ictreportSearch.module, location.href).href);
  const found = await pagefind.search(window.ictreportSearch.term(query));
  const shown = await Promise.all(found.results.map(async (r) => window.ictreportSearch.result(await r.data())));
  return shown.map((d, i) => ({ url: d.url, score: found.results[i].score, content: d.content, excerpt: d.excerpt, title: d.meta.title }));
}

/** Whether `content` has every word of `query` with exactly its marks (case aside). */
function hasExactWords(content, query) {
  const words = new Set(content.toLocaleLowerCase('vi').split(/[^\p{L}\p{M}]+/u));
  return query.toLocaleLowerCase('vi').split(' ').every((w) => words.has(w));
}

let browser;
let server;
let dir;
let page;
before(async () => {
  browser = await launchChromium();
  dir = buildSite();
  server = await startStaticServer({ root: dir, basePath: '/' });
  page = await browser.newPage();
  await page.goto(new URL('tim-kiem/', server.baseUrl).href, { waitUntil: 'load' });
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) removeBuiltSite(dir);
});

describe('search with and without Vietnamese marks', () => {
  const found = {};
  before(async () => {
    for (const pair of PAIRS) for (const q of pair) found[q] = await page.evaluate(search, q);
  });

  test('figures', (t) => {
    const counts = Object.fromEntries(Object.entries(found).map(([q, r]) => [q, r.length]));
    t.diagnostic(JSON.stringify(counts));
    writeResults('search-folding', counts);
  });

  test('a query without marks finds the same pages as with them', () => {
    const problems = [];
    for (const [marked, plain] of PAIRS) {
      const a = found[marked].map((r) => r.url).sort();
      const b = found[plain].map((r) => r.url).sort();
      if (a.length === 0) problems.push(`"${marked}" finds nothing`);
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        problems.push(`"${marked}" finds ${a.length} pages, "${plain}" ${b.length}; only one: ${[...a.filter((u) => !b.includes(u)), ...b.filter((u) => !a.includes(u))].join(', ')}`);
      }
    }
    assertNoProblems(problems, 'pairs that find different pages');
  });

  test('every page with the exact marks ranks above every page without them', () => {
    const problems = [];
    for (const [marked, plain] of PAIRS) {
      const plainScore = new Map(found[plain].map((r) => [r.url, r.score]));
      const exact = found[marked].filter((r) => hasExactWords(r.content, marked));
      if (exact.length === 0) continue;
      const firstFolded = found[marked].findIndex((r) => !hasExactWords(r.content, marked));
      const lastExact = found[marked].findLastIndex((r) => hasExactWords(r.content, marked));
      if (firstFolded !== -1 && firstFolded < lastExact) {
        problems.push(`"${marked}": ${found[marked][lastExact].url} (exact, place ${lastExact + 1}) ranks below ${found[marked][firstFolded].url} (folded only, place ${firstFolded + 1})`);
      }
      // Pagefind boosts a page by the words that match exactly; none scores lower, and the
      // pages where the query's words weigh most score higher.
      for (const r of exact) {
        if (r.score < plainScore.get(r.url)) problems.push(`"${marked}": ${r.url} scores ${r.score}, less than for "${plain}" (${plainScore.get(r.url)})`);
      }
      if (!exact.some((r) => r.score > plainScore.get(r.url))) problems.push(`"${marked}": no exact page scores higher than for "${plain}"`);
    }
    assertNoProblems(problems, 'exact matches not ranked up');
  });

  test('results show đ as the page has it', () => {
    const problems = [];
    for (const [marked] of PAIRS) {
      for (const r of found[marked]) {
        for (const [what, text] of [['excerpt', r.excerpt], ['content', r.content], ['title', r.title]]) {
          if (/[dD]\u0345/.test(text)) problems.push(`"${marked}" → ${r.url}: the ${what} shows the index's stroke mark`);
        }
      }
    }
    const withD = found['điện tử'].filter((r) => r.content.includes('điện')).length;
    assert.ok(withD > 0, 'no result of "điện tử" shows "điện"');
    assertNoProblems(problems, 'results showing the index form of đ');
  });

  test('the search box on the page finds and shows the same, in the same order', async () => {
    const shown = {};
    const order = [];
    for (const q of ['đổi mới', 'Đà Nẵng', 'Da Nang']) {
      const expected = found[q].slice(0, 5).map((r) => r.url);
      await page.fill('.pagefind-ui__search-input', q);
      // Until the box shows the first results of the search, in its order (each result's
      // first link is the page it leads to).
      const same = await page.waitForFunction(
        (want) => JSON.stringify([...document.querySelectorAll('.pagefind-ui__result')]
          .map((r) => r.querySelector('.pagefind-ui__result-link')?.getAttribute('href'))) === JSON.stringify(want),
        expected,
        { timeout: 10_000 },
      ).then(() => true, () => false);
      const links = await page.$$eval('.pagefind-ui__result', (rs) => rs.map((r) => r.querySelector('.pagefind-ui__result-link')?.getAttribute('href')));
      if (!same) order.push(`"${q}": the box shows ${links.join(', ')}; the search gives ${expected.join(', ')}`);
      shown[q] = await page.$$eval('.pagefind-ui__result', (rs) => rs.map((r) => r.textContent));
    }
    assertNoProblems(order, 'search box results in another order');
    const text = shown['Da Nang'].join(' ');
    assert.ok(!/[dD]\u0345/.test(text), `a result shows the index's stroke mark: ${text}`);
    assert.match(text, /Đ/, 'the results of "Da Nang" show no Đ');
    assert.equal(shown['Da Nang'].length, shown['Đà Nẵng'].length);
  });

  test('the search page folds every Vietnamese letter to the letter typed for it', async () => {
    // Each letter is composed from its base letter and marks, so the expectation does not
    // come from the code under test; Pagefind then drops case and combining marks.
    const problems = await page.evaluate(() => {
      const vowels = [['a', ''], ['a', '\u0306'], ['a', '\u0302'], ['e', ''], ['e', '\u0302'], ['i', ''], ['o', ''], ['o', '\u0302'], ['o', '\u031b'], ['u', ''], ['u', '\u031b'], ['y', '']];
      const tones = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
      const letters = [['đ', 'd'], ['Đ', 'd']];
      for (const [base, mark] of vowels) for (const tone of tones) for (const b of [base, base.toUpperCase()]) letters.push([(b + mark + tone).normalize('NFC'), base]);
      const pagefindFold = (s) => s.toLocaleLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
      return letters
        .filter(([letter, base]) => pagefindFold(window.ictreportSearch.term(letter)) !== base || window.ictreportSearch.shown(window.ictreportSearch.term(letter)) !== letter)
        .map(([letter, base]) => `${letter}: folds to ${pagefindFold(window.ictreportSearch.term(letter))}, not ${base}`);
    });
    assertNoProblems(problems, 'letters folded wrongly');
  });
});
