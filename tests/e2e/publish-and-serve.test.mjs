// Reader-facing features that need a real browser: diacritic-insensitive search (Pagefind),
// the printed province report (Chromium's PDF), and `ictreport serve` reloading an open page
// by itself after an edit and showing a broken edit's errors over the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { launchChromium } from './lib/browser.mjs';
import { startStaticServer } from './lib/server.mjs';
import { REPO_ROOT, SCREENSHOT_DIR, buildSite, removeBuiltSite } from './lib/site.mjs';

let browser;
let site;
let server;

before(async () => {
  site = buildSite({ baseUrl: '/ict/' });
  server = await startStaticServer({ root: site, basePath: '/ict/' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (site) removeBuiltSite(site);
});

async function search(lang, query) {
  const page = await browser.newPage();
  try {
    const prefix = lang === 'vi' ? '' : `${lang}/`;
    await page.goto(`${server.origin}/ict/${prefix}tim-kiem/`);
    await page.fill('.pagefind-ui__search-input', query);
    await page.waitForSelector('.pagefind-ui__result-link', { timeout: 15000 });
    // Results arrive progressively; wait until the list stops changing.
    let last = -1;
    for (let i = 0; i < 20; i++) {
      const n = await page.locator('.pagefind-ui__result-link').count();
      if (n === last) break;
      last = n;
      await page.waitForTimeout(200);
    }
    return await page.$$eval('.pagefind-ui__result-link', (as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })));
  } finally {
    await page.close();
  }
}

test('search finds pages without diacritics or capitals', async () => {
  const nghean = await search('vi', 'nghe an');
  assert.ok(nghean.some((r) => r.href.endsWith('/ict/tinh/nghe-an/')), `nghe an → ${JSON.stringify(nghean)}`);
  const signatures = await search('vi', 'chu ky so');
  assert.ok(signatures.some((r) => r.href.includes('/ict/chi-so/digital_signatures')), `chu ky so → ${JSON.stringify(signatures)}`);
  const caps = await search('vi', 'VINH PHUC');
  assert.ok(caps.some((r) => r.href.endsWith('/ict/tinh/vinh-phuc/')), `VINH PHUC → ${JSON.stringify(caps)}`);
  const english = await search('en', 'digital signature');
  assert.ok(english.some((r) => r.href.includes('/ict/en/chi-so/digital_signatures')), `en → ${JSON.stringify(english)}`);
});

test('only the search page loads the search scripts', async () => {
  const page = await browser.newPage();
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(`${server.origin}/ict/tinh/vinh-phuc/`);
  await page.close();
  assert.deepEqual(requested.filter((u) => u.includes('pagefind')), []);
});

test('a province page prints as a report with its title and sources', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.origin}/ict/tinh/vinh-phuc/`);
  await page.emulateMedia({ media: 'print' });
  const hidden = await page.$eval('.site-header', (h) => getComputedStyle(h).display);
  assert.equal(hidden, 'none', 'navigation is hidden in print');
  const footerUrl = await page.$eval('.print-url', (e) => getComputedStyle(e).display !== 'none' && e.textContent);
  assert.match(footerUrl, /tinh\/vinh-phuc\//);
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const pdf = path.join(SCREENSHOT_DIR, 'vinh-phuc-print.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  await page.close();
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  assert.match(text, /Vĩnh Phúc/);
  assert.match(text, /Nguồn/);
  assert.match(text, /Ngành Thông tin và Truyền thông Vĩnh Phúc: Nỗ lực vượt qua khó khăn/);
  assert.ok(!/Tìm kiếm/.test(text.split('\n').slice(0, 5).join('\n')), 'no navigation at the top of the printout');
  console.log(`print PDF: ${pdf}`);
});

test('serve: an open page reloads by itself after an edit and shows a broken edit', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ictreport-serve-'));
  const root = path.join(tmp, 'site');
  fs.cpSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'good'), root, { recursive: true });
  const bin = path.join(REPO_ROOT, 'target', 'release', 'ictreport');
  const child = spawn(bin, ['serve', '--port', '0', '--root', root], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const base = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/Serving on (http:\/\/\S+)/);
        if (m) resolve(m[1].replace(/\/$/, ''));
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      setTimeout(() => reject(new Error('serve did not start')), 60000);
    });
    const page = await browser.newPage();
    await page.goto(`${base}/tinh/alpha/`);
    // The live-reload script is connected once the first state arrived.
    await page.waitForFunction(() => window.__ictreportState !== undefined, null, { timeout: 20000 });
    const metrics = path.join(root, 'content', 'provinces', 'alpha', 'metrics.yaml');
    fs.writeFileSync(metrics, fs.readFileSync(metrics, 'utf8').replace('value: 72120', 'value: 72999'));
    await page.waitForFunction(() => document.body.textContent.includes('72.999'), null, { timeout: 20000 });
    fs.writeFileSync(metrics, fs.readFileSync(metrics, 'utf8').replace('value: 72999', 'value: 7x'));
    const overlay = await page.waitForSelector('#ictreport-errors', { timeout: 20000 });
    assert.match(await overlay.textContent(), /content\/provinces\/alpha\/metrics\.yaml:6:12/);
    fs.writeFileSync(metrics, fs.readFileSync(metrics, 'utf8').replace('value: 7x', 'value: 73111'));
    await page.waitForFunction(() => document.body.textContent.includes('73.111') && !document.getElementById('ictreport-errors'), null, { timeout: 20000 });
    await page.close();
  } finally {
    child.kill('SIGINT');
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
