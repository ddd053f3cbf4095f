// Prints the suite's one-line summary from the figures each test file wrote to
// target/e2e-results/ (scripts/test.sh clears that folder before the run and calls this after).
// Usage: node tests/e2e/summary.mjs
import fs from 'node:fs';
import path from 'node:path';
import { RESULTS_DIR } from './lib/site.mjs';

function read(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, `${name}.json`), 'utf8'));
  } catch {
    return null;
  }
}

const site = read('site');
const sub = read('site-subpath');
const vnu = read('vnu');
const svg = read('svg');
const legibility = read('legibility');
const bounds = read('chart-text-bounds');
const tables = read('tables-phone');
const folding = read('search-folding');
const na = 'n/a (did not run)';
const parts = [
  `pages checked ${site ? site.pages : na}${sub ? ` (+${sub.pages} under /ict/)` : ''}`,
  `vnu errors ${vnu ? `${vnu.errors} in ${vnu.files} HTML files` : na}`,
  `axe violations ${site ? `${site.axeViolations} (light ${site.axeLight}, dark ${site.axeDark}; one per rule and page)` : na}`,
  `overflow pages ${site ? site.overflowPages : na}`,
  `failed links ${site ? site.failedLinks + (sub?.failedLinks ?? 0) : na}`,
  `console errors ${site ? site.consoleErrors + (sub?.consoleErrors ?? 0) : na}`,
  `failed requests ${site ? site.failedRequests + (sub?.failedRequests ?? 0) : na}`,
  `charts ${site ? `${site.charts} checked, ${site.chartProblems} with problems` : na}`,
  `svg files ${svg ? `${svg.files}${svg.problems ? `, ${svg.problems} invalid` : ''}` : na}`,
  `chart text ${
    legibility
      ? Object.entries(legibility.fontSizePx)
          .filter(([, r]) => r)
          .map(([w, [lo, hi]]) => `${lo}–${hi} px at ${w}`)
          .join(', ')
      : na
  }`,
  `chart texts inside their chart ${bounds ? `${bounds.textsChecked} checked at ${bounds.widths.join(', ')} px` : na}`,
  `tables at 375 px ${tables ? `${tables.tables} (${tables.stacked} stacked)` : na}`,
  `search "dien tu" ${folding ? `${folding['dien tu']} pages ("điện tử" ${folding['điện tử']})` : na}`,
];
console.log(`e2e summary: ${parts.join('; ')}`);
if (site) console.log(`e2e screenshots: ${site.screenshots}`);
