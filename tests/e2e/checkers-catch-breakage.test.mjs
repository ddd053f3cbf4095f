// Negative tests: the checkers run over a deliberately broken fixture site
// (fixtures/broken-site/) and must report each of its defects, so a green run of the real
// suite means "no problems" and not "a checker that cannot fail".
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertCaught } from './lib/assertions.mjs';
import { launchChromium } from './lib/browser.mjs';
import { crawlSite } from './lib/crawl.mjs';
import { startStaticServer } from './lib/server.mjs';
import { listFiles, pagePathOf } from './lib/site.mjs';
import { checkSvgFiles } from './lib/svg.mjs';
import { formatVnuMessage, runVnu } from './lib/vnu.mjs';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'broken-site');
const PAGES = [...listFiles(FIXTURE, ['.html']).map(pagePathOf), { path: 'missing/page/', expectedStatus: 404 }];

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

describe('the browser crawl catches a broken page', () => {
  let server;
  let result;
  before(async () => {
    server = await startStaticServer({ root: FIXTURE });
    result = await crawlSite({ browser, server, pages: PAGES, concurrency: 2 });
  });
  after(async () => server?.close());

  test('a missing page and a missing #fragment are broken links', () => {
    const links = result.problems.links;
    assertCaught(links, /link "\/nope\/" → \S+\/nope\/: HTTP 404/, 'a link to a missing page');
    assertCaught(links, /link "\/ok\/#no-such-id": no element with id "no-such-id"/, 'a missing fragment');
    assertCaught(links, /link "\/ok" → \S+: HTTP 301 \(redirects to \/ok\/\)/, 'a folder link without its slash');
    assert.ok(!links.some((l) => l.includes('"/ok/#here"') || l.includes('"#top-heading"')), `good links reported:\n${links.join('\n')}`);
  });

  test('a missing image and an image from outside the site', () => {
    assertCaught(result.problems.images, /image "missing.png" → \S+\/missing.png: HTTP 404/, 'a missing image');
    assertCaught(result.problems.images, /image from outside the site: http:\/\/example.invalid\/x.png/, 'an outside image');
    assertCaught(result.problems.images, /image did not load or decode: missing.png/, 'an image that did not load');
  });

  test('failed requests and console errors', () => {
    assertCaught(result.problems.failedRequests, /\/missing.png: HTTP 404/, 'the request for the missing image');
    assertCaught(result.problems.failedRequests, /example.invalid\/x.png: net::ERR_NAME_NOT_RESOLVED/, 'a request leaving 127.0.0.1');
    assertCaught(result.problems.consoleErrors, /fixture console error/, 'console.error from a script');
    assertCaught(result.problems.consoleErrors, /declare no <link rel="icon">.*favicon.ico, gets HTTP 404/, 'the implicit /favicon.ico 404');
  });

  test('a missing path answers 404 with 404.html (and that is not reported)', () => {
    assert.deepEqual(result.problems.pageStatus.filter((p) => p.includes('/missing/page/')), []);
  });

  test('charts without a <title>, of zero size or hidden', () => {
    const charts = result.problems.charts;
    assertCaught(charts, /chart 1 \(#untitled\) at 1280px: <svg> has no non-empty <title> child/, 'an untitled chart');
    assertCaught(charts, /chart 2 \(#zero\) at 375px: size 0×0/, 'a chart of zero size');
    assertCaught(charts, /chart 3 \(#hidden\) at 1280px: not visible/, 'a hidden chart');
    assert.ok(!charts.some((c) => c.includes('#good')), `the good chart was reported:\n${charts.join('\n')}`);
  });

  test('horizontal scrolling at 375 px (and not at 1280 px)', () => {
    const overflow = result.problems.overflow;
    assertCaught(overflow, /horizontal scrolling at 375px: scrollWidth \d+ > clientWidth 375; widest elements: div/, 'a 600 px wide block');
    assert.ok(!overflow.some((o) => o.includes('at 1280px')), `reported at 1280 px:\n${overflow.join('\n')}`);
  });

  test('axe: low contrast in the light scheme, and in the dark scheme only', () => {
    assertCaught(result.problems.axeLight, /color-contrast: .*#low-contrast/, 'low contrast (light)');
    assertCaught(result.problems.axeDark, /color-contrast: .*\.dark-trap/, 'low contrast in dark mode');
    assert.ok(!result.problems.axeLight.some((v) => v.includes('.dark-trap')), 'the dark-only trap was reported in light mode');
  });

  test('the good page of the fixture has no problems', () => {
    const all = Object.values(result.problems).flat();
    assert.deepEqual(all.filter((p) => p.includes('/ok/:') && !p.includes('favicon')), []);
  });
});

describe('the sub-path crawl catches links that ignore the base URL', () => {
  test('a site with root-relative links served under /ict/ has broken links and requests', async () => {
    const server = await startStaticServer({ root: FIXTURE, basePath: '/ict/' });
    try {
      const result = await crawlSite({ browser, server, pages: ['ok/'], axe: false, layout: false });
      assertCaught(result.problems.links, /link "\/" → http:\/\/127.0.0.1:\d+\/: HTTP 404/, 'a link to / outside /ict/');
      assertCaught(result.problems.failedRequests, /\/static\/style.css: HTTP 404/, 'a stylesheet outside /ict/');
    } finally {
      await server.close();
    }
  });
});

test('vnu reports the duplicate id', () => {
  const errors = runVnu([path.join(FIXTURE, 'index.html')], { baseDir: FIXTURE }).map(formatVnuMessage);
  assertCaught(errors, /^index.html:\d+:\d+: Duplicate ID “dup”/, 'a duplicate id');
  assert.deepEqual(runVnu([path.join(FIXTURE, 'ok', 'index.html')]), [], 'the good page has vnu errors');
});

test('the SVG file check reports malformed XML and a root outside the SVG namespace', async () => {
  const files = listFiles(FIXTURE, ['.svg']).map((f) => path.join(FIXTURE, f));
  const problems = await checkSvgFiles(browser, files, { baseDir: FIXTURE });
  assertCaught(problems, /^static\/broken.svg: not well-formed XML/, 'a malformed SVG file');
  assertCaught(problems, /^static\/not-svg.svg: root element is <svg> in namespace \(none\)/, 'an SVG without its namespace');
  assert.ok(!problems.some((p) => p.startsWith('static/icon.svg')), `the good SVG was reported:\n${problems.join('\n')}`);
});
