// End-to-end checks of the built site in real Chromium: every page, served over HTTP from
// 127.0.0.1 like a static host would, once at the root and once under the sub-path /ict/.
// At the root each page is also checked at 375 px and 1280 px (no horizontal scrolling, charts
// visible and titled) and with axe-core in the light and the dark colour scheme; full-page
// screenshots of three pages go to target/e2e-screenshots/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launchChromium } from './lib/browser.mjs';
import { AXE_TAGS, crawlSite } from './lib/crawl.mjs';
import { assertNoProblems } from './lib/assertions.mjs';
import { startStaticServer } from './lib/server.mjs';
import {
  SCREENSHOT_DIR,
  buildSite,
  listFiles,
  pagePathOf,
  removeBuiltSite,
  writeResults,
} from './lib/site.mjs';

const CONCURRENCY = Number(process.env.E2E_CONCURRENCY) || 2;
const SCREENSHOT_PAGES = ['', 'tinh/vinh-phuc/', 'chi-so/ict_revenue/'];
// A missing path, nested so that links relative to the page would break: the host must answer
// 404 with the site's 404.html, whose stylesheet and links still resolve.
const MISSING_PAGE = { path: 'khong-co-trang-nay/o-day/', expectedStatus: 404 };

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** Builds, serves and crawls one site; the tests of the `describe` read `state.result`. */
function crawledSite({ baseUrl, basePath, full }) {
  const state = {};
  before(async () => {
    state.dir = buildSite({ baseUrl });
    state.server = await startStaticServer({ root: state.dir, basePath });
    const htmlFiles = listFiles(state.dir, ['.html']);
    const pages = [...htmlFiles.map(pagePathOf), MISSING_PAGE];
    if (full) {
      fs.rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    }
    const started = Date.now();
    state.result = await crawlSite({
      browser,
      server: state.server,
      pages,
      concurrency: CONCURRENCY,
      axe: full,
      layout: full,
      screenshots: full ? { dir: SCREENSHOT_DIR, paths: SCREENSHOT_PAGES } : undefined,
    });
    state.seconds = (Date.now() - started) / 1000;
    state.htmlFiles = htmlFiles.length;
  });
  after(async () => {
    await state.server?.close();
    if (state.dir) removeBuiltSite(state.dir);
  });
  return state;
}

describe('built site served at /', () => {
  const site = crawledSite({ baseUrl: '/', basePath: '/', full: true });

  test('crawl figures and screenshots', (t) => {
    const f = site.result.figures;
    t.diagnostic(
      `${f.pages} pages (${site.htmlFiles} HTML files + a missing path) in ${site.seconds.toFixed(1)} s; ` +
        `${f.internalLinks} internal links and images to ${f.linkTargets} targets, ${f.externalLinks} external; ` +
        `${f.charts} chart SVGs; axe tags ${AXE_TAGS.join(', ')}`,
    );
    t.diagnostic(`screenshots (375 and 1280 px, light and dark): ${SCREENSHOT_DIR}`);
    const p = site.result.problems;
    writeResults('site', {
      pages: f.pages,
      htmlFiles: site.htmlFiles,
      charts: f.charts,
      axeViolations: f.axeViolations.light + f.axeViolations.dark,
      axeLight: f.axeViolations.light,
      axeDark: f.axeViolations.dark,
      overflowPages: f.overflowPages,
      failedLinks: f.failedLinks,
      consoleErrors: p.consoleErrors.length,
      failedRequests: p.failedRequests.length,
      chartProblems: p.charts.length,
      seconds: site.seconds,
      screenshots: SCREENSHOT_DIR,
    });
    const shots = fs.readdirSync(SCREENSHOT_DIR);
    assert.equal(
      shots.length,
      SCREENSHOT_PAGES.length * 4,
      `expected screenshots of ${SCREENSHOT_PAGES.map((p) => `/${p}`).join(', ')} at 2 widths × 2 schemes; found: ${shots.join(', ')}`,
    );
  });

  test('every page answers with the expected status (200; 404 with 404.html for a missing path)', () => {
    assertNoProblems(site.result.problems.pageStatus, 'pages with a wrong status or that could not be checked');
  });

  test('no console errors', () => {
    assertNoProblems(site.result.problems.consoleErrors, 'console errors');
  });

  test('no failed requests', () => {
    assertNoProblems(site.result.problems.failedRequests, 'failed requests');
  });

  test('every internal link resolves (HTTP 200, #fragment ids exist)', () => {
    assertNoProblems(site.result.problems.links, 'broken links');
  });

  test('every image resolves', () => {
    assertNoProblems(site.result.problems.images, 'broken images');
  });

  test('every chart SVG is visible, sized and has a <title>', () => {
    assertNoProblems(site.result.problems.charts, 'chart problems');
  });

  test('no horizontal scrolling at 375 px and 1280 px', () => {
    assertNoProblems(site.result.problems.overflow, 'pages wider than the viewport');
  });

  test(`axe-core (${AXE_TAGS.join(', ')}): no violations, light colour scheme`, () => {
    assertNoProblems(site.result.problems.axeLight, 'axe violations (light)');
  });

  test(`axe-core (${AXE_TAGS.join(', ')}): no violations, dark colour scheme`, () => {
    assertNoProblems(site.result.problems.axeDark, 'axe violations (dark)');
  });
});

describe('built site with --base-url /ict/, served under /ict/', () => {
  const site = crawledSite({ baseUrl: '/ict/', basePath: '/ict/', full: false });

  test('crawl figures', (t) => {
    const f = site.result.figures;
    t.diagnostic(
      `${f.pages} pages in ${site.seconds.toFixed(1)} s; ${f.internalLinks} internal links and images to ${f.linkTargets} targets`,
    );
    writeResults('site-subpath', {
      pages: f.pages,
      failedLinks: f.failedLinks,
      consoleErrors: site.result.problems.consoleErrors.length,
      failedRequests: site.result.problems.failedRequests.length,
      seconds: site.seconds,
    });
  });

  test('every page answers with the expected status', () => {
    assertNoProblems(site.result.problems.pageStatus, 'pages with a wrong status or that could not be checked');
  });

  test('no console errors', () => {
    assertNoProblems(site.result.problems.consoleErrors, 'console errors');
  });

  test('no failed requests', () => {
    assertNoProblems(site.result.problems.failedRequests, 'failed requests');
  });

  test('every internal link resolves under /ict/ (HTTP 200, #fragment ids exist)', () => {
    assertNoProblems(site.result.problems.links, 'broken links');
  });

  test('every image resolves under /ict/', () => {
    assertNoProblems(site.result.problems.images, 'broken images');
  });
});
