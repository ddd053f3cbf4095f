// The SVG files of the built site (if any: charts are inline SVG in the pages) must be
// standalone-valid XML with an <svg> root in the SVG namespace, as a browser opening the file
// or loading it through <img> requires.
import { after, before, test } from 'node:test';
import path from 'node:path';
import { assertNoProblems } from './lib/assertions.mjs';
import { launchChromium } from './lib/browser.mjs';
import { buildSite, listFiles, removeBuiltSite, writeResults } from './lib/site.mjs';
import { checkSvgFiles } from './lib/svg.mjs';

let dir;
before(() => {
  dir = buildSite();
});
after(() => {
  if (dir) removeBuiltSite(dir);
});

test('every .svg file is well-formed XML with an SVG root', async (t) => {
  const files = listFiles(dir, ['.svg']).map((f) => path.join(dir, f));
  writeResults('svg', { files: files.length });
  if (files.length === 0) {
    t.skip('the built site has no .svg files (charts are inline); nothing to check');
    return;
  }
  const browser = await launchChromium();
  try {
    const problems = await checkSvgFiles(browser, files, { baseDir: dir });
    t.diagnostic(`${files.length} .svg files checked`);
    writeResults('svg', { files: files.length, problems: problems.length });
    assertNoProblems(problems, 'SVG files that are not standalone-valid XML');
  } finally {
    await browser.close();
  }
});
