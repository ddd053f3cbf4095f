// No chart text is cut off (issue 25, item 8): on every page with charts, at 320, 375, 768,
// 1280 and 1440 px, every SVG <text> lies inside the box its <svg> is drawn in on screen
// (which clips it: the Ninh Thuận label at the left of the home page's comparison chart was
// cut off this way). The count of texts checked goes to target/e2e-results/chart-text-bounds.json.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoProblems } from './lib/assertions.mjs';
import { writeResults } from './lib/site.mjs';
import { measuredSite } from './lib/viewports.mjs';

export const WIDTHS = [320, 375, 768, 1280, 1440];
// Half a pixel: rounding of glyph boxes, not a visible cut.
const TOLERANCE = 0.5;

// Runs in the page: every visible chart text whose box crosses its svg's box, by how much.
function textsOutsideTheirSvg(tolerance) {
  const outside = [];
  let checked = 0;
  for (const svg of document.querySelectorAll('svg')) {
    if (svg.parentElement.closest('svg') || !svg.checkVisibility()) continue;
    const box = svg.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim() || !t.checkVisibility()) continue;
      checked += 1;
      const r = t.getBoundingClientRect();
      const over = {
        left: box.left - r.left,
        right: r.right - box.right,
        top: box.top - r.top,
        bottom: r.bottom - box.bottom,
      };
      const sides = Object.entries(over).filter(([, px]) => px > tolerance);
      if (sides.length > 0) {
        const chart = svg.closest('figure')?.id || svg.getAttribute('class') || svg.getAttribute('aria-label') || 'svg';
        outside.push({
          chart,
          text: t.textContent.trim().slice(0, 60),
          sides: sides.map(([side, px]) => `${px.toFixed(1)} px past the ${side}`).join(', '),
        });
      }
    }
  }
  return { checked, outside };
}

const site = measuredSite({
  widths: WIDTHS,
  measure: textsOutsideTheirSvg,
  arg: TOLERANCE,
});

describe(`chart text inside its chart at ${WIDTHS.join(', ')} px`, () => {
  test('every <text> of every chart lies inside its svg', (t) => {
    const checked = site.records.reduce((n, r) => n + WIDTHS.reduce((m, w) => m + r.byWidth[w].checked, 0), 0);
    const pages = site.records.filter((r) => r.byWidth[WIDTHS[0]].checked > 0).length;
    t.diagnostic(`${checked} chart texts on ${pages} pages with charts, at ${WIDTHS.length} widths`);
    writeResults('chart-text-bounds', { pagesWithCharts: pages, textsChecked: checked, widths: WIDTHS });
    assert.ok(pages > 0 && checked > 0, 'no chart text found on any page');
    const problems = site.records.flatMap((r) =>
      WIDTHS.flatMap((w) =>
        r.byWidth[w].outside.map((o) => `/${r.path} at ${w}px, ${o.chart}: "${o.text}" ${o.sides}`),
      ),
    );
    assertNoProblems(problems, 'chart texts drawn outside their chart');
  });

  test('the check catches a label cut off at the left, and only that one', async () => {
    const page = await site.browser.newPage({ viewport: { width: 375, height: 600 } });
    try {
      await page.setContent(
        '<figure id="so-sanh"><svg viewBox="0 0 360 120" width="360" height="120">' +
          '<text x="-40" y="30">605.228 thuê bao (2017)</text><text x="10" y="60">Vĩnh Phúc</text></svg></figure>',
      );
      const { checked, outside } = await page.evaluate(textsOutsideTheirSvg, TOLERANCE);
      assert.equal(checked, 2);
      assert.deepEqual(outside.map((o) => [o.chart, o.text]), [['so-sanh', '605.228 thuê bao (2017)']]);
      assert.match(outside[0].sides, /past the left/);
    } finally {
      await page.close();
    }
  });
});
