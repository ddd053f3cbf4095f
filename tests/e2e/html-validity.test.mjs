// HTML validity: the Nu HTML Checker over every HTML file of the built site (inline SVG included,
// which vnu checks as part of the HTML), errors only. The figure goes to the suite summary.
import { after, before, test } from 'node:test';
import path from 'node:path';
import { assertNoProblems } from './lib/assertions.mjs';
import { buildSite, listFiles, removeBuiltSite, writeResults } from './lib/site.mjs';
import { formatVnuMessage, runVnu } from './lib/vnu.mjs';

let dir;
before(() => {
  dir = buildSite();
});
after(() => {
  if (dir) removeBuiltSite(dir);
});

test('Nu HTML Checker (vnu.jar --errors-only): 0 errors in every HTML file', (t) => {
  const files = listFiles(dir, ['.html']).map((f) => path.join(dir, f));
  const started = Date.now();
  const errors = runVnu(files, { baseDir: dir });
  const seconds = (Date.now() - started) / 1000;
  const pagesWithErrors = new Set(errors.map((e) => e.file)).size;
  t.diagnostic(`${files.length} HTML files checked in ${seconds.toFixed(1)} s: ${errors.length} errors on ${pagesWithErrors} files`);
  writeResults('vnu', { files: files.length, errors: errors.length, filesWithErrors: pagesWithErrors });
  assertNoProblems(errors.map(formatVnuMessage), 'vnu errors');
});
