// The documentation leaves the repository with it: every relative link in README.md and docs/*.md
// names a file of the repository (and, with a #fragment, a heading of that file), and no page
// points at material a user of the repository does not have.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { expect, test } from 'vitest';

const PAGES = ['README.md', ...readdirSync('docs').filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`)];
const LINK = /\]\(([^)\s]+)\)/g;

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(page: string): Set<string> {
  const text = readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.*)$/gm)].map((match) => anchor(match[1]!)));
}

const links = PAGES.flatMap((page) =>
  [...readFileSync(page, 'utf8').matchAll(LINK)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z][a-z+.-]*:/i.test(target))
    .map((target) => ({ page, target })),
);

test('the pages have relative links to check', () => {
  expect(links.length).toBeGreaterThan(10);
});

test.each(links)('$page links to $target, which the repository has', ({ page, target }) => {
  const [path = '', fragment] = target.split('#');
  const file = path === '' ? page : normalize(join(dirname(page), path));
  expect(file.startsWith('..'), `${target} leaves the repository`).toBe(false);
  expect(existsSync(file), `${file} does not exist`).toBe(true);
  if (fragment !== undefined && file.endsWith('.md')) {
    expect([...anchorsOf(file)], `${file} has no heading #${fragment}`).toContain(fragment);
  }
});

test.each(PAGES)('%s names no material outside the repository', (page) => {
  const text = readFileSync(page, 'utf8');
  expect(text).not.toMatch(/\.\.\/shared/);
  expect(text).not.toMatch(/shared\/MODEL\.md|shared\/reference/);
  expect(text).not.toMatch(/\bMODEL\.md\b|\bdomain\.md\b/);
});
