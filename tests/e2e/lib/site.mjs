// Builds the site with the project's own CLI and lists what the build wrote. Every test file
// builds its own copy into a fresh temporary folder, so the suite is self-contained and never
// reads (or clobbers) output/. E2E_SITE_DIR points the suite at an already built site instead
// (built with the root base URL), which is how a deliberately broken copy is checked by hand.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(E2E_DIR, '..', '..');
export const TARGET_DIR = path.join(REPO_ROOT, 'target');
export const SCREENSHOT_DIR = path.join(TARGET_DIR, 'e2e-screenshots');
export const RESULTS_DIR = path.join(TARGET_DIR, 'e2e-results');

/** Builds the site with `cargo run --release -- build`; returns the output folder. */
export function buildSite({ baseUrl = '/' } = {}) {
  if (process.env.E2E_SITE_DIR && baseUrl === '/') return path.resolve(process.env.E2E_SITE_DIR);
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ictreport-e2e-'));
  const out = path.join(parent, 'site');
  const args = ['run', '--release', '--quiet', '--', 'build', '--output', out, '--base-url', baseUrl];
  try {
    execFileSync('cargo', args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    fs.rmSync(parent, { recursive: true, force: true });
    throw new Error(`cargo ${args.join(' ')} failed (exit ${err.status}):\n${err.stderr}${err.stdout}`);
  }
  return out;
}

/** Removes a folder made by buildSite (never one given through E2E_SITE_DIR). */
export function removeBuiltSite(dir) {
  if (process.env.E2E_SITE_DIR && path.resolve(process.env.E2E_SITE_DIR) === dir) return;
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
}

/** Every file under `dir` with one of the extensions (e.g. ['.html']), as sorted relative paths with '/'. */
export function listFiles(dir, extensions) {
  const found = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (extensions.some((ext) => entry.name.toLowerCase().endsWith(ext))) found.push(child);
    }
  };
  walk('');
  return found.sort();
}

/** The clean URL path of an output HTML file, relative to the base: 'tinh/x/index.html' -> 'tinh/x/'. */
export function pagePathOf(relFile) {
  if (relFile === 'index.html') return '';
  if (relFile.endsWith('/index.html')) return relFile.slice(0, -'index.html'.length);
  return relFile;
}

/** Writes one test file's figures for the suite summary (scripts/test.sh prints it). */
export function writeResults(name, figures) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `${name}.json`), JSON.stringify(figures, null, 2) + '\n');
}
