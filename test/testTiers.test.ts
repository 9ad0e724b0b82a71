import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../playwright.config';

// The browser tests' tiers (playwright.config.ts) stay true as tests are added: a long test is
// tagged @slow, and the quick tier stays a handful of journeys.

const E2E = join(import.meta.dirname, '..', 'e2e');

/** `15 * 60_000` → 900000. */
const product = (s: string) => s.split('*').reduce((a, n) => a * Number(n.replaceAll('_', '').trim()), 1);

/** Each top-level test in the e2e specs: its file, title line, tags and own timeout. */
function browserTests() {
  const found: { where: string; tags: string; timeoutMs: number | null }[] = [];
  for (const file of readdirSync(E2E).filter((f) => f.endsWith('.spec.ts'))) {
    // Split at each test's declaration; a test's body runs to the next one.
    const parts = readFileSync(join(E2E, file), 'utf8').split(/^(?=[ \t]*test\()/m).slice(1);
    for (const part of parts) {
      const head = part.slice(0, part.indexOf('async'));
      const timeout = /test\.setTimeout\(([\d_ *]+)\)/.exec(part);
      found.push({
        where: `${file}: ${head.trim().slice(5, 70)}`,
        tags: /tag: ([^}]*)\}/.exec(head)?.[1] ?? '',
        timeoutMs: timeout ? product(timeout[1]) : null,
      });
    }
  }
  return found;
}

describe('browser test tiers', () => {
  const tests = browserTests();

  it('finds the tests', () => {
    expect(tests.length).toBeGreaterThan(40);
  });

  it('tags @slow every test that needs more than the default timeout', () => {
    const untagged = tests.filter((t) => t.timeoutMs !== null && t.timeoutMs > config.timeout! && !t.tags.includes('@slow'));
    expect(untagged.map((t) => t.where)).toEqual([]);
  });

  it('keeps the quick tier to a few journeys, none of them slow', () => {
    const quick = tests.filter((t) => t.tags.includes('@quick'));
    expect(quick.length).toBeGreaterThan(0);
    expect(quick.length).toBeLessThanOrEqual(10);
    expect(quick.filter((t) => t.tags.includes('@slow') || t.timeoutMs !== null).map((t) => t.where)).toEqual([]);
  });
});
