// Runs the Nu HTML Checker (vnu.jar from the npm package vnu-jar) with the system Java over a
// list of files, in one JVM. The package's own launcher is not used: it may try to download a
// Java runtime, which cannot work here.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const VNU_JAR = String(require('vnu-jar'));

/**
 * Checks `files` (absolute paths) with `--errors-only`; resolves to a list of
 * { file, line, column, message, extract } relative to `baseDir`, sorted.
 */
export function runVnu(files, { baseDir, extraArgs = [] } = {}) {
  if (files.length === 0) return [];
  const args = ['-jar', VNU_JAR, '--errors-only', '--format', 'json', '--stdout', ...extraArgs, ...files];
  const run = spawnSync('java', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw new Error(`could not start java (install a JRE: default-jre-headless): ${run.error.message}`);
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    throw new Error(`vnu.jar gave no JSON report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  return report.messages
    .filter((m) => m.type === 'error' || m.type === 'non-document-error')
    .map((m) => {
      const file = m.url ? fileURLToPath(m.url.replace(/^file:\/*/, 'file:///')) : '(no file)';
      return {
        file: baseDir ? path.relative(baseDir, file) : file,
        line: m.lastLine ?? m.firstLine ?? 0,
        column: m.firstColumn ?? m.lastColumn ?? 0,
        message: m.type === 'non-document-error' ? `checker could not read the file: ${m.message}` : m.message,
        extract: (m.extract ?? '').replace(/\s+/g, ' ').trim(),
      };
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** One readable line per message: `file:line:col: message  [extract]`. */
export function formatVnuMessage(m) {
  return `${m.file}:${m.line}:${m.column}: ${m.message}${m.extract ? `  [${m.extract}]` : ''}`;
}
