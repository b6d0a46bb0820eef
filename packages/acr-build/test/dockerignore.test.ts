import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listContextFiles } from '../src/context-files.js';
import { createContextFilter, parseDockerignore, readContextFilter, type ContextFilter } from '../src/dockerignore.js';

/**
 * Docker's documented .dockerignore rules, as cases: [rules, path, excluded?]. Paths are relative to
 * the context; a rule naming a directory excludes everything below it; the last matching rule wins.
 */
const CASES: [string, string, boolean][] = [
  // Comments and blank lines are not rules.
  ['# *.txt\n\n', 'notes.txt', false],
  // `*` matches any run of non-separator characters, in one path segment only.
  ['*/temp*', 'somedir/temporary.txt', true],
  ['*/temp*', 'somedir/temp', true],
  ['*/temp*', 'temp.txt', false],
  ['*/temp*', 'a/b/temporary.txt', false],
  ['*/*/temp*', 'a/b/temporary.txt', true],
  ['*/*/temp*', 'a/temporary.txt', false],
  // `?` matches exactly one character.
  ['temp?', 'tempa', true],
  ['temp?', 'temp', false],
  ['temp?', 'tempab', false],
  // `**` matches any number of directories, including none.
  ['**/*.go', 'main.go', true],
  ['**/*.go', 'cmd/tool/main.go', true],
  ['**/*.go', 'cmd/tool/main.golden', false],
  ['docs/**/*.png', 'docs/a/b/c.png', true],
  ['docs/**/*.png', 'docs/c.png', true],
  // A pattern naming a directory excludes what is below it.
  ['node_modules', 'node_modules/left-pad/index.js', true],
  ['build/', 'build/out/app.dll', true],
  // Patterns are anchored at the context root; a leading / changes nothing, and paths are cleaned.
  ['/foo/bar', 'foo/bar', true],
  ['foo/bar', 'foo/bar', true],
  ['foo/bar', 'x/foo/bar', false],
  ['/secrets.env', 'secrets.env', true],
  ['foo/./bar', 'foo/bar', true],
  ['foo/../bar', 'bar', true],
  // `!` makes an exception; the last matching line decides.
  ['*.md\n!README.md', 'README.md', false],
  ['*.md\n!README.md', 'CHANGELOG.md', true],
  ['*.md\n!README*.md\nREADME-secret.md', 'README-secret.md', true],
  ['*.md\n!README*.md\nREADME-secret.md', 'README-public.md', false],
  ['*.md\nREADME-secret.md\n!README*.md', 'README-secret.md', false],
  // Character classes and escapes follow Go's filepath.Match.
  ['file[0-9].txt', 'file7.txt', true],
  ['file[0-9].txt', 'filex.txt', false],
  ['file[^0-9].txt', 'filex.txt', true],
  // Surrounding spaces are trimmed.
  ['  *.log  ', 'debug.log', true],
];

describe('.dockerignore matching follows Docker', () => {
  test.each(CASES)('%j on %s → excluded %s', (rules, path, excluded) => {
    expect(createContextFilter(parseDockerignore(rules), ['.dockerignore', 'Dockerfile']).match(path, undefined).excluded).toBe(excluded);
  });

  test('the Dockerfile and .dockerignore are sent even when a rule excludes them', () => {
    const filter = createContextFilter(parseDockerignore('*\nDockerfile\n.dockerignore\ndocker\n'), ['.dockerignore', 'docker/prod.Dockerfile']);
    const excludes = (path: string) => filter.match(path, undefined).excluded;
    expect(excludes('.dockerignore')).toBe(false);
    expect(excludes('docker/prod.Dockerfile')).toBe(false);
    expect(excludes('Dockerfile')).toBe(true);
    expect(excludes('docker/other')).toBe(true);
    expect(filter.mustDescend('docker')).toBe(true);
    expect(filter.mustDescend('src')).toBe(false);
  });
});

describe('walking a context with .dockerignore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'te-dockerignore-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const paths = (filter: ContextFilter) => listContextFiles(dir, filter).entries.map((entry) => entry.path);
  const tree = (files: Record<string, string>) => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
  };

  test('an exception re-includes a file below an excluded directory', () => {
    tree({ Dockerfile: 'FROM scratch', '.dockerignore': 'docs\n!docs/keep.md\n', 'docs/keep.md': 'k', 'docs/drop.md': 'd', 'src/a.ts': 'a' });
    expect(paths(readContextFilter(dir, 'Dockerfile'))).toEqual(['.dockerignore', 'Dockerfile', 'docs/keep.md', 'src', 'src/a.ts']);
  });

  test('an excluded directory without exceptions is not walked, and a Dockerfile inside it is still sent', () => {
    tree({ 'build/Dockerfile': 'FROM scratch', 'build/out.bin': 'x', '.dockerignore': 'build\n', 'src/a.ts': 'a' });
    expect(paths(readContextFilter(dir, 'build/Dockerfile'))).toEqual(['.dockerignore', 'build/Dockerfile', 'src', 'src/a.ts']);
  });

  test('no .dockerignore: everything, in byte order, directories before their contents', () => {
    tree({ b: '1', 'A/z': '2', 'a/b/c': '3', Dockerfile: 'FROM scratch' });
    expect(paths(readContextFilter(dir, 'Dockerfile'))).toEqual(['A', 'A/z', 'Dockerfile', 'a', 'a/b', 'a/b/c', 'b']);
  });
});
