// Tables read on a phone (issue 25, item 8): at 375 px every table of every page, stacked
// into labelled cards or not, keeps each column readable: no cell or caption that wraps its
// text is narrower than six characters (the notes column of "Số liệu mới nhất theo tỉnh"
// used to wrap two letters to a line). Figures go to target/e2e-results/tables-phone.json.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoProblems } from './lib/assertions.mjs';
import { writeResults } from './lib/site.mjs';
import { measuredSite } from './lib/viewports.mjs';

const WIDTH = 375;
export const READABLE_CHARS = 6;

// Runs in the page: for each visible table, whether it is stacked (its rows no longer laid out
// as table rows), and the cells (and caption) that wrap their text in less than `chars`
// characters' width.
function tableReadability(chars) {
  const tables = [];
  for (const [index, table] of [...document.querySelectorAll('table')].entries()) {
    if (!table.checkVisibility()) continue;
    const name = (table.querySelector('caption')?.textContent || table.getAttribute('class') || `table ${index + 1}`).trim().slice(0, 50);
    const firstRow = table.querySelector('tbody tr') || table.querySelector('tr');
    const stacked = firstRow ? getComputedStyle(firstRow).display !== 'table-row' : false;
    const narrow = [];
    for (const cell of table.querySelectorAll('caption, th, td')) {
      if (!cell.textContent.trim() || !cell.checkVisibility()) continue;
      // A header kept for screen readers only (clipped to nothing) is not read on screen.
      if (cell.closest('thead') && getComputedStyle(cell.closest('thead')).clipPath !== 'none') continue;
      const style = getComputedStyle(cell);
      const probe = document.createElement('span');
      probe.style.cssText = `position:absolute;visibility:hidden;white-space:pre;font:${style.font}`;
      probe.textContent = '0'.repeat(chars);
      document.body.append(probe);
      const readable = probe.getBoundingClientRect().width;
      probe.remove();
      const width = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const range = document.createRange();
      range.selectNodeContents(cell);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
      if (lines > 1 && width < readable - 0.5) {
        narrow.push(`"${cell.textContent.trim().slice(0, 30)}" is ${width.toFixed(0)} px wide (${chars} characters: ${readable.toFixed(0)} px) on ${lines} lines`);
      }
    }
    tables.push({ name, kind: table.getAttribute('class') || 'table', stacked, narrow });
  }
  return tables;
}

const site = measuredSite({
  widths: [WIDTH],
  measure: tableReadability,
  arg: READABLE_CHARS,
});

describe(`tables at ${WIDTH} px`, () => {
  test(`no table cell or caption wraps in less than ${READABLE_CHARS} characters (most tables stacked)`, (t) => {
    const tables = site.records.flatMap((r) => r.byWidth[WIDTH].map((x) => ({ ...x, path: r.path })));
    const kinds = [...new Set(tables.map((x) => x.kind))].sort();
    const figures = { tables: tables.length, stacked: tables.filter((x) => x.stacked).length, kinds };
    t.diagnostic(JSON.stringify(figures));
    writeResults('tables-phone', figures);
    assert.ok(tables.length > 0, 'no table found on any page');
    // Stacked or not: a stacked table's caption or cards must not be squeezed either.
    const problems = tables.flatMap((x) => x.narrow.map((n) => `/${x.path} ${x.name}${x.stacked ? ' (stacked)' : ''}: ${n}`));
    assertNoProblems(problems, 'table cells too narrow to read');
  });

  test('the check catches a notes column squeezed to a few letters, not the same table stacked', async () => {
    const page = await site.browser.newPage({ viewport: { width: WIDTH, height: 600 } });
    const row =
      '<tr><th scope="row">Vĩnh Phúc</th><td data-label="Năm">2020</td><td data-label="Giá trị">khoảng 79.300 tỷ đồng</td>' +
      '<td data-label="Ghi chú">Phạm vi: doanh thu toàn ngành theo Sở, quy mô cho thấy có tính cả sản xuất điện tử</td>' +
      '<td data-label="Nguồn">[1]</td><td>Thanh Hóa 3.630 tỷ đồng</td><td>Ninh Thuận 520,9 tỷ đồng</td></tr>';
    try {
      // Fixed layout shares the width out evenly: the notes get a seventh of 375 px.
      await page.setContent(`<table class="data" style="table-layout: fixed; width: 100%"><tbody>${row}</tbody></table>`);
      const [squeezed] = await page.evaluate(tableReadability, READABLE_CHARS);
      assert.equal(squeezed.stacked, false);
      assert.ok(squeezed.narrow.some((n) => n.startsWith('"Phạm vi')), squeezed.narrow.join('\n'));
      await page.addStyleTag({ content: 'table, tbody, tr, th, td { display: block; }' });
      const [stacked] = await page.evaluate(tableReadability, READABLE_CHARS);
      assert.equal(stacked.stacked, true);
    } finally {
      await page.close();
    }
  });
});
