// Loads every page of a served site in Chromium and records what a reader would run into:
// console errors, failed requests, links and images that do not resolve (including #fragment
// targets), chart SVGs that are invisible, empty or untitled, horizontal scrolling at phone and
// desktop widths, and axe-core accessibility violations in the light and the dark colour scheme.
// The crawl only gathers; `crawlSite` returns every problem found, by kind, as readable lines, so
// the tests can assert each kind is empty and the negative tests can assert each kind is caught.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const WIDTHS = [375, 1280];
const HEIGHT = { 375: 812, 1280: 900 };

/** The kinds of problem a crawl reports, in the order the tests assert them. */
export const PROBLEM_KINDS = [
  'pageStatus',
  'consoleErrors',
  'failedRequests',
  'links',
  'images',
  'charts',
  'overflow',
  'axeLight',
  'axeDark',
];

/**
 * Crawls `pages` (paths relative to server.baseUrl, e.g. '' or 'tinh/vinh-phuc/'; an entry may be
 * { path, expectedStatus }) with `concurrency` pages at a time in one browser.
 * Options: axe (run axe-core in light and dark), layout (overflow and chart checks at both widths),
 * screenshots: { dir, paths } (full-page screenshots of those paths at both widths and schemes).
 * Resolves to { problems: {kind: [line]}, figures }.
 */
export async function crawlSite({ browser, server, pages, concurrency = 2, axe = true, layout = true, screenshots }) {
  const entries = pages.map((p) => (typeof p === 'string' ? { path: p, expectedStatus: 200 } : p));
  const problems = Object.fromEntries(PROBLEM_KINDS.map((k) => [k, []]));
  const records = [];
  const queue = [...entries];

  async function worker() {
    const context = await browser.newContext({ viewport: { width: 1280, height: HEIGHT[1280] }, colorScheme: 'light' });
    const page = await context.newPage();
    let current = null;
    page.on('console', (msg) => {
      if (msg.type() !== 'error' || !current) return;
      const where = msg.location()?.url ?? '';
      // The document's own 404 is expected for the not-found checks.
      if (current.expectedStatus !== 200 && where === current.url) return;
      // Racy; reported once from what the pages declare (implicitFaviconProblems).
      if (where === `${server.origin}/favicon.ico`) return;
      current.consoleErrors.push(`${msg.text()}${where && where !== current.url ? ` (${where})` : ''}`);
    });
    page.on('pageerror', (err) => current?.consoleErrors.push(`uncaught exception: ${err.message}`));
    page.on('requestfailed', (req) => current?.failedRequests.push(`${req.url()}: ${req.failure()?.errorText ?? 'failed'}`));
    page.on('response', (res) => {
      if (!current || res.status() < 400) return;
      if (res.url() === current.url && current.expectedStatus !== 200) return;
      current.failedRequests.push(`${res.url()}: HTTP ${res.status()}`);
    });
    try {
      while (queue.length > 0) {
        const entry = queue.shift();
        current = newRecord(server, entry);
        records.push(current);
        try {
          await checkPage(page, current, { axe, layout, screenshots });
        } catch (err) {
          current.errors.push(`could not check the page: ${err.message.split('\n')[0]}`);
        }
        current = null;
      }
    } finally {
      await context.close();
    }
  }

  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, entries.length)) }, worker));
  records.sort((a, b) => a.url.localeCompare(b.url));

  const byUrl = new Map(records.map((r) => [r.url, r]));
  // Chromium fetches a declared icon lazily and drops the request when the crawler moves to
  // the next page (net::ERR_ABORTED), a race and not a fault of the site; whether the icon
  // loads is checked with the images.
  const icons = new Set(records.flatMap((r) => r.icons));
  const ABORTED = ': net::ERR_ABORTED';
  const abortedIcon = (e) => e.endsWith(ABORTED) && icons.has(e.slice(0, -ABORTED.length));
  for (const r of records) {
    for (const e of r.errors) problems.pageStatus.push(`${r.url}: ${e}`);
    for (const e of unique(r.consoleErrors)) problems.consoleErrors.push(`${r.url}: ${e}`);
    for (const e of unique(r.failedRequests).filter((e) => !abortedIcon(e))) problems.failedRequests.push(`${r.url}: ${e}`);
    for (const e of r.imageProblems) problems.images.push(`${r.url}: ${e}`);
    for (const e of r.chartProblems) problems.charts.push(`${r.url}: ${e}`);
    for (const e of r.overflow) problems.overflow.push(`${r.url}: ${e}`);
    for (const v of r.axe.light) problems.axeLight.push(`${r.url}: ${v}`);
    for (const v of r.axe.dark) problems.axeDark.push(`${r.url}: ${v}`);
  }
  problems.consoleErrors.push(...(await implicitFaviconProblems(records, server)));
  const linkFigures = await checkLinks(records, byUrl, server, problems);

  return {
    problems,
    figures: {
      pages: records.length,
      charts: records.reduce((n, r) => n + r.chartCount, 0),
      axeViolations: { light: problems.axeLight.length, dark: problems.axeDark.length },
      overflowPages: new Set(records.filter((r) => r.overflow.length > 0).map((r) => r.url)).size,
      ...linkFigures,
    },
    records,
  };
}

function newRecord(server, entry) {
  return {
    path: entry.path,
    url: new URL(entry.path, server.baseUrl).href,
    expectedStatus: entry.expectedStatus,
    errors: [],
    consoleErrors: [],
    failedRequests: [],
    links: [],
    images: [],
    icons: [],
    imageProblems: [],
    ids: null,
    declaresIcon: false,
    chartCount: 0,
    chartProblems: [],
    overflow: [],
    axe: { light: [], dark: [] },
  };
}

function unique(lines) {
  return [...new Set(lines)];
}

async function checkPage(page, rec, { axe, layout, screenshots }) {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: HEIGHT[1280] });
  const response = await page.goto(rec.url, { waitUntil: 'load', timeout: 30_000 });
  const status = response?.status();
  if (status !== rec.expectedStatus) rec.errors.push(`HTTP ${status}, expected ${rec.expectedStatus}`);
  await page.evaluate(() => document.fonts.ready);

  const found = await page.evaluate(collectPageFacts);
  rec.links = found.links;
  rec.images = found.images;
  rec.icons = found.icons;
  rec.ids = new Set(found.ids);
  rec.declaresIcon = found.declaresIcon;
  rec.imageProblems.push(...found.brokenImages.map((src) => `image did not load or decode: ${src}`));

  const shoot = screenshots && screenshots.paths.includes(rec.path);
  for (const [i, width] of WIDTHS.slice().reverse().entries()) {
    if (i > 0) {
      await page.setViewportSize({ width, height: HEIGHT[width] });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    if (layout) {
      const facts = await page.evaluate(collectLayoutFacts);
      rec.chartCount = facts.charts.length;
      for (const c of facts.charts) {
        const what = `chart ${c.index + 1}${c.label ? ` (${c.label})` : ''} at ${width}px`;
        if (!c.visible) rec.chartProblems.push(`${what}: not visible`);
        if (!(c.width > 0 && c.height > 0)) rec.chartProblems.push(`${what}: size ${c.width}×${c.height}`);
        if (width === 1280 && !c.title) rec.chartProblems.push(`${what}: <svg> has no non-empty <title> child`);
      }
      if (facts.scrollWidth > facts.clientWidth) {
        rec.overflow.push(
          `horizontal scrolling at ${width}px: scrollWidth ${facts.scrollWidth} > clientWidth ${facts.clientWidth}; ` +
            `widest elements: ${facts.offenders.join('; ') || '(none found)'}`,
        );
      }
    }
    if (shoot) {
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        const name = `${rec.path.replace(/\/$/, '').replace(/[^a-z0-9_-]+/gi, '_') || 'home'}-${width}-${scheme}.png`;
        await page.screenshot({ path: path.join(screenshots.dir, name), fullPage: true });
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }
    if (axe && width === 1280) {
      await page.evaluate(AXE_SOURCE);
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        rec.axe[scheme] = await runAxe(page);
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }
  }
}

async function runAxe(page) {
  const violations = await page.evaluate(
    async (tags) => {
      const result = await window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })),
      }));
    },
    AXE_TAGS,
  );
  return violations.map((v) => {
    const nodes = v.nodes
      .slice(0, 5)
      .map((n) => `${n.target} — ${n.summary.replace(/\s+/g, ' ').trim()}`)
      .join(' | ');
    const more = v.nodes.length > 5 ? ` | … and ${v.nodes.length - 5} more` : '';
    return `[${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}): ${nodes}${more}`;
  });
}

// Runs in the page.
function collectPageFacts() {
  const links = [...document.querySelectorAll('a[href], area[href]')].map((a) => ({
    raw: a.getAttribute('href'),
    href: a.href,
  }));
  const images = [];
  for (const img of document.querySelectorAll('img[src], input[type=image][src]')) {
    images.push({ raw: img.getAttribute('src'), href: img.src });
  }
  for (const el of document.querySelectorAll('img[srcset], source[srcset]')) {
    for (const candidate of el.getAttribute('srcset').split(',')) {
      const raw = candidate.trim().split(/\s+/)[0];
      if (raw) images.push({ raw, href: new URL(raw, document.baseURI).href });
    }
  }
  const icons = [];
  for (const icon of document.querySelectorAll('link[rel~="icon" i][href]')) {
    images.push({ raw: icon.getAttribute('href'), href: icon.href });
    icons.push(icon.href);
  }
  for (const img of document.querySelectorAll('svg image')) {
    const raw = img.getAttribute('href') ?? img.getAttribute('xlink:href');
    if (raw) images.push({ raw, href: new URL(raw, document.baseURI).href });
  }
  const brokenImages = [...document.images]
    .filter((img) => img.complete && img.naturalWidth === 0 && img.getAttribute('src'))
    .map((img) => img.getAttribute('src'));
  const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
  ids.push(...[...document.querySelectorAll('a[name]')].map((a) => a.name));
  const declaresIcon = document.querySelector('link[rel~="icon" i]') !== null;
  return { links, images, brokenImages, ids, declaresIcon, icons };
}

// Runs in the page.
function collectLayoutFacts() {
  const root = document.documentElement;
  const clientWidth = root.clientWidth;
  const describe = (el) => {
    let s = el.localName;
    if (el.id) s += `#${el.id}`;
    const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/).filter(Boolean) : [];
    if (cls.length) s += '.' + cls.join('.');
    return s;
  };
  const offenders = [];
  if (root.scrollWidth > clientWidth) {
    // The outermost elements that reach past the viewport's right edge, leaving out those
    // inside a scroll or clip container (a wide table in its own scroller is fine).
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right <= clientWidth + 0.5 || r.width === 0 || !el.checkVisibility()) continue;
      let parent = el.parentElement;
      let outermost = true;
      while (parent && parent !== document.body) {
        if (
          parent.getBoundingClientRect().right > clientWidth + 0.5 ||
          getComputedStyle(parent).overflowX !== 'visible'
        ) {
          outermost = false;
          break;
        }
        parent = parent.parentElement;
      }
      if (outermost) offenders.push(`${describe(el)} (right edge ${Math.round(r.right)}px)`);
      if (offenders.length >= 5) break;
    }
  }
  const charts = [...document.querySelectorAll('figure.chart svg')]
    .filter((svg) => !svg.parentElement.closest('svg'))
    .map((svg, index) => {
      const r = svg.getBoundingClientRect();
      const title = [...svg.children].find((c) => c.localName === 'title');
      const figure = svg.closest('figure');
      const caption = figure.querySelector('figcaption')?.textContent.trim().replace(/\s+/g, ' ') ?? '';
      return {
        index,
        label: figure.id ? `#${figure.id}` : caption.slice(0, 60),
        width: Math.round(r.width),
        height: Math.round(r.height),
        visible: svg.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }),
        title: title ? title.textContent.trim() : '',
      };
    });
  return { scrollWidth: root.scrollWidth, clientWidth, offenders, charts };
}

// Chromium asks every origin for /favicon.ico when a page declares no icon, and logs the 404 as a
// console error; whether that lands while a given page is open is a matter of timing, so it is
// reported here once, from what the pages declare, rather than from the racy console event.
async function implicitFaviconProblems(records, server) {
  const withoutIcon = records.filter((r) => !r.declaresIcon).map((r) => r.url);
  if (withoutIcon.length === 0) return [];
  const url = new URL('/favicon.ico', server.origin).href;
  const { status } = await fetchStatus(url);
  if (status === 200) return [];
  return [
    `${withoutIcon.length} page(s) declare no <link rel="icon">, so Chromium requests ${url}, gets HTTP ${status} ` +
      `and logs "Failed to load resource: the server responded with a status of ${status}" ` +
      `(e.g. ${withoutIcon.slice(0, 3).join(', ')})`,
  ];
}

async function fetchStatus(url) {
  const res = await fetch(url, { redirect: 'manual' });
  const type = res.headers.get('content-type') ?? '';
  const body = type.startsWith('text/html') ? await res.text() : (await res.arrayBuffer(), '');
  return { status: res.status, location: res.headers.get('location'), type, body };
}

function idsInHtml(html) {
  const ids = new Set();
  for (const m of html.matchAll(/\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) ids.add(m[1] ?? m[2] ?? m[3]);
  return ids;
}

async function checkLinks(records, byUrl, server, problems) {
  const origin = server.origin;
  const targets = new Map(); // url without fragment -> Promise<{status, ...}>
  const lookup = (url) => {
    if (!targets.has(url)) targets.set(url, fetchStatus(url).catch((err) => ({ status: 0, error: err.message })));
    return targets.get(url);
  };
  let internalLinks = 0;
  let externalLinks = 0;
  const failed = new Set();

  const checks = [];
  for (const rec of records) {
    for (const [kind, list] of [
      ['links', rec.links],
      ['images', rec.images],
    ]) {
      for (const { raw, href } of list) {
        let url;
        try {
          url = new URL(href);
        } catch {
          problems[kind].push(`${rec.url}: unparsable URL ${JSON.stringify(raw)}`);
          continue;
        }
        if (!['http:', 'https:'].includes(url.protocol)) continue;
        if (url.origin !== origin) {
          externalLinks++;
          if (kind === 'images') problems.images.push(`${rec.url}: image from outside the site: ${raw}`);
          continue;
        }
        internalLinks++;
        const fragment = url.hash ? decodeURIComponent(url.hash.slice(1)) : '';
        url.hash = '';
        const target = url.href;
        checks.push(
          (async () => {
            const where = `${rec.url}: ${kind === 'images' ? 'image' : 'link'} ${JSON.stringify(raw)}`;
            // A link within the page itself (the skip link, say) needs no request.
            const res = target === rec.url ? { status: 200, type: 'text/html' } : await lookup(target);
            if (res.status !== 200) {
              const why = res.error
                ? res.error
                : `HTTP ${res.status}${res.location ? ` (redirects to ${res.location})` : ''}`;
              problems[kind].push(`${where} → ${target}: ${why}`);
              failed.add(`${target}`);
              return;
            }
            if (!fragment || fragment === 'top') return;
            const page = target === rec.url ? rec : byUrl.get(target);
            const ids = page?.ids ?? (res.type.startsWith('text/html') ? idsInHtml(res.body) : null);
            if (!ids) {
              problems[kind].push(`${where}: #${fragment} points into a non-HTML resource (${res.type})`);
              failed.add(`${target}#${fragment}`);
            } else if (!ids.has(fragment)) {
              problems[kind].push(`${where}: no element with id "${fragment}" on ${target}`);
              failed.add(`${target}#${fragment}`);
            }
          })(),
        );
      }
    }
  }
  await Promise.all(checks);
  problems.links.sort();
  problems.images.sort();
  return { internalLinks, externalLinks, linkTargets: targets.size, failedLinks: failed.size };
}
