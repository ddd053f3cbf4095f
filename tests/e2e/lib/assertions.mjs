// Assertion helpers that fail with every problem listed, not just the first.
import assert from 'node:assert/strict';

const MAX_LINES = 300;

/** Fails when `problems` is not empty, with `title`, the count and one line per problem. */
export function assertNoProblems(problems, title) {
  if (problems.length === 0) return;
  const shown = problems.slice(0, MAX_LINES).map((p) => `  - ${p}`);
  if (problems.length > MAX_LINES) shown.push(`  … and ${problems.length - MAX_LINES} more`);
  assert.fail(`${title}: ${problems.length}\n${shown.join('\n')}`);
}

/** Asserts that some problem line matches `pattern` (negative tests). */
export function assertCaught(problems, pattern, what) {
  assert.ok(
    problems.some((p) => pattern.test(p)),
    `the check did not catch ${what} (wanted a line matching ${pattern}); it reported:\n${problems.map((p) => `  - ${p}`).join('\n') || '  (nothing)'}`,
  );
}
