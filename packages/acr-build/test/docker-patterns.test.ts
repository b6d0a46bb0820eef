import { DockerPatternMatcher, goClean, goDir } from '../src/docker-patterns.js';

/**
 * The behaviour of Docker's pattern matcher, written from the cases moby/patternmatcher tests itself
 * with (patternmatcher_test.go: TestMatches, its multi-pattern cases, and the filepath.Match-derived
 * matchTests run through the package-level Matches) and from cases where a regular-expression based
 * matcher disagrees with Docker (case, regex characters, `**` followed by text, `?` on emoji). Each row: patterns, path, excluded?
 */
type Row = [patterns: string | string[], path: string, excluded: boolean];

const list = (patterns: string | string[]) => (typeof patterns === 'string' ? [patterns] : patterns);

/** What MatchesOrParentMatches (the check docker/cli's context validation makes) answers. */
const PARENT_MATCH_ROWS: Row[] = [
  // `**` alone, with and without a trailing slash, matches everything.
  ['**', 'file', true],
  ['**', 'file/', true],
  ['**/', 'file', true],
  ['**/', 'file/', true],
  ['**', '/', true],
  ['**/', '/', true],
  ['**', 'dir/file', true],
  ['**/', 'dir/file', true],
  ['**', 'dir/file/', true],
  ['**/', 'dir/file/', true],
  ['**/**', 'dir/file', true],
  ['**/**', 'dir/file/', true],
  // A trailing `**` is a prefix; it needs something after the folder.
  ['dir/**', 'dir/file', true],
  ['dir/**', 'dir/file/', true],
  ['dir/**', 'dir/dir2/file', true],
  ['dir/**', 'dir/dir2/file/', true],
  ['abc/**', 'abc', false],
  ['abc/**', 'abc/def', true],
  ['abc/**', 'abc/def/ghi', true],
  // A leading `**/` is any number of folders, none included.
  ['**/dir', 'dir', true],
  ['**/dir', 'dir/file', true],
  ['**/dir2/*', 'dir/dir2/file', true],
  ['**/dir2/*', 'dir/dir2/file/', true],
  ['**/dir2/**', 'dir/dir2/dir3/file', true],
  ['**/dir2/**', 'dir/dir2/dir3/file/', true],
  ['**/foo/bar', 'foo/bar', true],
  ['**/foo/bar', 'dir/foo/bar', true],
  ['**/foo/bar', 'dir/dir2/foo/bar', true],
  ['**/.foo', '.foo', true],
  ['**/.foo', 'bar.foo', false],
  // `**` followed by text is a suffix.
  ['**file', 'file', true],
  ['**file', 'dir/file', true],
  ['**/file', 'dir/file', true],
  ['**file', 'dir/dir/file', true],
  ['**/file', 'dir/dir/file', true],
  ['**.log', 'debug.log', true],
  ['**.log', 'a/b/debug.log', true],
  ['**.log', 'a/b/debug.log.gz', false],
  ['**/file*', 'dir/dir/file', true],
  ['**/file*', 'dir/dir/file.txt', true],
  ['**/file*txt', 'dir/dir/file.txt', true],
  ['**/file*.txt', 'dir/dir/file.txt', true],
  ['**/file*.txt*', 'dir/dir/file.txt', true],
  ['**/**/*.txt', 'dir/dir/file.txt', true],
  ['**/**/*.txt2', 'dir/dir/file.txt', false],
  ['**/*.txt', 'file.txt', true],
  ['**/**/*.txt', 'file.txt', true],
  ['a**/*.txt', 'a/file.txt', true],
  ['a**/*.txt', 'a/dir/file.txt', true],
  ['a**/*.txt', 'a/dir/dir/file.txt', true],
  ['a/*.txt', 'a/dir/file.txt', false],
  ['a/*.txt', 'a/file.txt', true],
  ['a/*.txt**', 'a/file.txt', true],
  // Classes, negated with ^.
  ['a[b-d]e', 'ae', false],
  ['a[b-d]e', 'ace', true],
  ['a[b-d]e', 'aae', false],
  ['a[^b-d]e', 'aze', true],
  // `.` and the other regular-expression characters are literal.
  ['.*', '.foo', true],
  ['.*', 'foo', false],
  ['abc.def', 'abcdef', false],
  ['abc.def', 'abc.def', true],
  ['abc.def', 'abcZdef', false],
  ['abc?def', 'abcZdef', true],
  ['abc?def', 'abcdef', false],
  ['a\\\\', 'a\\', true],
  ['a\\*b', 'a*b', true],
  ['a(b)c/def', 'a(b)c/def', true],
  ['a(b)c/def', 'a(b)c/xyz', false],
  ['a.|)$(}+{bc', 'a.|)$(}+{bc', true],
  ['dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
  ['dist/*.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
  ['a|b', 'app.py', false],
  ['a|b', 'a|b', true],
  ['notes (draft', 'notes (draft', true],
  ['notes (draft', 'notes', false],
  ['v{1,2}', 'v1', false],
  ['v{1,2}', 'v{1,2}', true],
  ['^start', 'start', false],
  ['cost$', 'cost', false],
  ['cost$', 'cost$', true],
  // A `*` inside [...] becomes `[^/]*` inside Go's class, which ends it early: Docker's own quirk, kept.
  ['[*]', ']', true],
  ['[*]', '[^]', true],
  ['[*]', '*', false],
  // Case matters.
  ['build', 'Build/app.dll', false],
  ['build', 'build/app.dll', true],
  ['*.MD', 'readme.md', false],
  // `?` is one code point, emoji included, never a slash.
  ['a?b', 'a😀b', true],
  ['a??b', 'a😀b', false],
  ['file-?.txt', 'file-é.txt', true],
  ['a?b', 'a/b', false],
  // Several patterns: the last that matches decides, exceptions can be overridden again.
  [['**', '!util/docker/web'], 'util/docker/web/foo', false],
  [['**', '!util/docker/web', 'util/docker/web/foo'], 'util/docker/web/foo', true],
  [['**', '!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl'], 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
  [['**', '!dist/*.whl'], 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
  [['*', '!SRC'], 'src/main.c', true],
  [['*', '!src'], 'src/main.c', false],
  [['*.txt', '!**.txt'], 'b.txt', false],
  [['*.txt', '!**.txt'], 'b.md', false],
  [['**.txt', '!keep/**'], 'keep/a.txt', false],
  [['**.txt', '!keep/**'], 'drop/a.txt', true],
  [['docs', '!docs/keep.md'], 'docs/keep.md', false],
  [['docs', '!docs/keep.md'], 'docs/drop.md', true],
];

/** Go's filepath.Match cases, through the package-level Matches (one parent checked). */
const LEGACY_ROWS: Row[] = [
  ['abc', 'abc', true],
  ['*', 'abc', true],
  ['*c', 'abc', true],
  ['a*', 'a', true],
  ['a*', 'abc', true],
  ['a*', 'ab/c', true],
  ['a*/b', 'abc/b', true],
  ['a*/b', 'a/c/b', false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true],
  ['a*b?c*x', 'abxbbxdbxebxczzy', false],
  ['ab[c]', 'abc', true],
  ['ab[b-d]', 'abc', true],
  ['ab[e-g]', 'abc', false],
  ['ab[^c]', 'abc', false],
  ['ab[^b-d]', 'abc', false],
  ['ab[^e-g]', 'abc', true],
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'ab', false],
  ['a?b', 'a☺b', true],
  ['a[^a]b', 'a☺b', true],
  ['a???b', 'a☺b', false],
  ['a[^a][^a][^a]b', 'a☺b', false],
  ['[a-ζ]*', 'α', true],
  ['*[a-ζ]', 'A', false],
  ['a?b', 'a/b', false],
  ['a*b', 'a/b', false],
  ['[\\]a]', ']', true],
  ['[\\-]', '-', true],
  ['[x\\-]', 'x', true],
  ['[x\\-]', '-', true],
  ['[x\\-]', 'z', false],
  ['[\\-x]', 'x', true],
  ['[\\-x]', '-', true],
  ['[\\-x]', 'a', false],
  ['*x', 'xxx', true],
  ['.', 'anything', false],
];

/** Patterns Go's filepath.Match refuses, so Docker refuses the whole ignore file. */
const REFUSED = ['[]a]', '[-]', '[x-]', '[-x]', '\\', 'dir\\', '[a-b-c]', '[', '[^', '[^bc', 'a[', '!', ' ! '];

describe("Docker's pattern matcher (moby/patternmatcher)", () => {
  test.each(PARENT_MATCH_ROWS)('%j excludes %j: %s', (patterns, path, excluded) => {
    const matcher = new DockerPatternMatcher(list(patterns));
    expect(matcher.matchesOrParentMatches(path)).toBe(excluded);
    // Walking down with the parents' results (what the archive walk does) agrees.
    const parts = path.split('/');
    let parent: readonly boolean[] | undefined;
    for (let i = 1; i < parts.length; i++) parent = matcher.matchWithParent(parts.slice(0, i).join('/'), parent).matches;
    expect(matcher.matchWithParent(path, parent).excluded).toBe(excluded);
  });

  test.each(LEGACY_ROWS)('Matches(%j, %j) = %s', (pattern, path, excluded) => {
    expect(new DockerPatternMatcher(list(pattern)).legacyMatches(path)).toBe(excluded);
  });

  test.each(REFUSED)('%j is refused', (pattern) => {
    expect(() => new DockerPatternMatcher([pattern])).toThrow();
  });

  test('patterns are cleaned and trimmed as Go does', () => {
    expect(new DockerPatternMatcher(['  docs/./api/../ \t']).patterns.map((pattern) => pattern.text)).toEqual(['docs']);
    expect(new DockerPatternMatcher(['!a/b/']).patterns[0]).toMatchObject({ text: 'a/b', exclusion: true });
    expect(new DockerPatternMatcher(['', '   ']).patterns).toEqual([]);
    // U+FEFF is not white space for Go: it stays part of the pattern.
    expect(new DockerPatternMatcher(['\uFEFFa']).patterns[0]!.text).toBe('\uFEFFa');
  });

  test('Go path helpers', () => {
    expect(['', '.', '/', 'a//b', 'a/./b/', '../a', 'a/../..', '/../a', 'a/b/../c'].map(goClean)).toEqual(['.', '.', '/', 'a/b', 'a/b', '../a', '..', '/a', 'a/c']);
    expect(['a', 'a/b', 'a/b/', '/a'].map(goDir)).toEqual(['.', 'a', 'a/b', '/']);
  });

  test('regular-expression escapes Docker passes to Go keep their Go meaning or are refused', () => {
    // `\d` reaches Go's regexp as a digit class.
    expect(new DockerPatternMatcher(['file\\d']).matchesOrParentMatches('file7')).toBe(true);
    expect(new DockerPatternMatcher(['file\\d']).matchesOrParentMatches('filed')).toBe(false);
    // POSIX classes inside a class are Go regexp syntax too.
    expect(new DockerPatternMatcher(['[[:digit:]]x']).matchesOrParentMatches('1x')).toBe(true);
    expect(new DockerPatternMatcher(['[[:digit:]]x']).matchesOrParentMatches(':x')).toBe(false);
    // Escapes Go's regexp refuses make the pattern unusable.
    expect(() => new DockerPatternMatcher(['a\\é'])).toThrow();
    expect(() => new DockerPatternMatcher(['a\\q'])).toThrow();
  });
});
