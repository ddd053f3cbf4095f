// Checks that .svg files are standalone-valid XML: they are parsed by Chromium's XML parser
// (DOMParser with image/svg+xml, the parser a browser uses for an SVG file or <img src=x.svg>),
// and the root must be <svg> in the SVG namespace. Inline SVG inside HTML is parsed by the
// HTML parser, which forgives what XML does not; that is why the files are checked apart.
import fs from 'node:fs';
import path from 'node:path';

/** Resolves to a list of problem lines, one per bad file (paths relative to `baseDir`). */
export async function checkSvgFiles(browser, files, { baseDir } = {}) {
  if (files.length === 0) return [];
  const page = await browser.newPage();
  try {
    const problems = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const verdict = await page.evaluate((source) => {
        const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
        const error = doc.querySelector('parsererror');
        if (error) return `not well-formed XML: ${error.textContent.replace(/\s+/g, ' ').trim()}`;
        const root = doc.documentElement;
        if (root.localName !== 'svg' || root.namespaceURI !== 'http://www.w3.org/2000/svg') {
          return `root element is <${root.tagName}> in namespace ${root.namespaceURI ?? '(none)'}, not <svg> in http://www.w3.org/2000/svg`;
        }
        return null;
      }, text);
      if (verdict) problems.push(`${baseDir ? path.relative(baseDir, file) : file}: ${verdict}`);
    }
    return problems;
  } finally {
    await page.close();
  }
}
