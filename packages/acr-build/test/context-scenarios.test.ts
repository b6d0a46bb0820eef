import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { buildSync } from 'esbuild';
import { Parser, type ReadEntry } from 'tar';
import { resolveBuildContext } from '../src/build-context.js';
import { listContextFiles } from '../src/context-files.js';
import { readContextFilter, type ContextFilter } from '../src/dockerignore.js';
import { packContext } from '../src/pack-context.js';

/**
 * Real directory trees through the packer, each with what `docker build` sends for it (docker/cli's
 * context walk over moby/go-archive, BuildKit's `<Dockerfile>.dockerignore`, `az acr build`'s
 * version-control rule): the paths in the archive, and modes and types where they matter.
 */
/** The packer, bundled, for running in a child process: packs the context and prints the archived paths as JSON. */
let LIST_SCRIPT: string;
beforeAll(() => {
  const bundled = buildSync({
    stdin: {
      contents: "import { packContext } from './pack-context.ts'; const packed = packContext(process.argv[2], { dockerfile: 'Dockerfile' }); for await (const _chunk of packed.stream); process.stdout.write(JSON.stringify(packed.entries));",
      resolveDir: join(import.meta.dirname, '..', 'src'),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  });
  LIST_SCRIPT = bundled.outputFiles[0]!.text;
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'te-scenario-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const tree = (files: Record<string, string>) => {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
};

interface Entry {
  path: string;
  type: string;
  mode: number;
}

async function archived(stream: Readable): Promise<Entry[]> {
  const entries: Entry[] = [];
  const parser = new Parser({ onReadEntry: (entry: ReadEntry) => {
    entries.push({ path: entry.path, type: entry.type, mode: entry.mode ?? 0 });
    entry.resume();
  } });
  const ended = new Promise<void>((done, fail) => {
    parser.on('end', () => done());
    parser.on('error', fail);
  });
  for await (const chunk of stream) parser.write(chunk as Buffer);
  parser.end();
  await ended;
  return entries;
}

const pathsOf = async (dockerfile = 'Dockerfile', options: { includeVcs?: boolean; dockerfileAsGiven?: string } = {}) =>
  (await archived(packContext(dir, { dockerfile, ...options }).stream)).map((entry) => entry.path.replace(/\/$/, ''));

/** [what, files, .dockerignore, expected archive paths] */
const SCENARIOS: [string, Record<string, string>, string, string[]][] = [
  ['case matters: build leaves Build alone', { 'Build/app.dll': 'x', 'build/out.o': 'x' }, 'build\n', ['.dockerignore', 'Build', 'Build/app.dll', 'Dockerfile']],
  ['case matters: !SRC re-includes nothing', { 'src/main.c': 'x', 'README.md': 'x' }, '*\n!SRC\n', ['.dockerignore', 'Dockerfile']],
  ['a wheel with + in its name is kept', { 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl': 'x', 'dist/other.tar.gz': 'x' }, 'dist/*.tar.gz\n', ['.dockerignore', 'Dockerfile', 'dist', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl']],
  ['a|b is a name, not an alternative', { 'app.py': 'x', 'a|b': 'x' }, 'a|b\n', ['.dockerignore', 'Dockerfile', 'app.py']],
  ['regex characters in a pattern are literal', { 'notes (draft': 'x', 'notes': 'x', 'v{1}': 'x' }, 'notes (draft\nv{1}\n', ['.dockerignore', 'Dockerfile', 'notes']],
  ['**.log excludes logs anywhere, !**.txt re-includes text', { 'a/b/debug.log': 'x', 'top.log': 'x', 'a/keep.txt': 'x', 'c.txt': 'x' }, '**.log\n*.txt\n!**.txt\n', ['.dockerignore', 'Dockerfile', 'a', 'a/b', 'a/keep.txt', 'c.txt']],
  ['# starts a comment only in the first column', { '#notes': 'x', '# x': 'x', 'keep': 'x' }, '#notes\n  # x\n', ['#notes', '.dockerignore', 'Dockerfile', 'keep']],
  ['an exception inside an excluded folder walks it, without the folder itself', { 'docs/keep.md': 'x', 'docs/drop.md': 'x' }, 'docs\n!docs/keep.md\n', ['.dockerignore', 'Dockerfile', 'docs/keep.md']],
  ['an exception that does not start with the folder does not open it (as go-archive)', { 'node_modules/a/keep': 'x', 'src/keep': 'x' }, 'node_modules\n!**/keep\n', ['.dockerignore', 'Dockerfile', 'src', 'src/keep']],
  ['a Dockerfile and .dockerignore excluded by a pattern are still sent', { 'src/a': 'x' }, '*\n', ['.dockerignore', 'Dockerfile']],
  ['? is one character, emoji included', { 'a😀b': 'x', 'a😀😀b': 'x' }, 'a?b\n', ['.dockerignore', 'Dockerfile', 'a😀😀b']],
  ['a BOM and CRLF line ends are read as Docker reads them', { 'secret.env': 'x', 'keep': 'x' }, '\uFEFFsecret.env\r\n', ['.dockerignore', 'Dockerfile', 'keep']],
];

describe('build contexts as docker build sends them', () => {
  test.each(SCENARIOS)('%s', async (_what, files, ignore, expected) => {
    tree({ Dockerfile: 'FROM scratch\n', '.dockerignore': ignore, ...files });
    expect(await pathsOf()).toEqual(expected);
  });

  test('<Dockerfile>.dockerignore beside the Dockerfile takes precedence over the root .dockerignore', async () => {
    tree({ 'docker/api.Dockerfile': 'FROM scratch\n', 'docker/api.Dockerfile.dockerignore': 'web\n', '.dockerignore': 'api\n', 'api/main.go': 'x', 'web/index.html': 'x' });
    expect(await pathsOf('docker/api.Dockerfile')).toEqual(['.dockerignore', 'api', 'api/main.go', 'docker', 'docker/api.Dockerfile', 'docker/api.Dockerfile.dockerignore']);
    rmSync(join(dir, 'docker/api.Dockerfile.dockerignore'));
    expect(await pathsOf('docker/api.Dockerfile')).toEqual(['.dockerignore', 'docker', 'docker/api.Dockerfile', 'web', 'web/index.html']);
  });

  test('an excluded 100 000-entry folder is never read: no path inside it is even matched', () => {
    tree({ Dockerfile: 'FROM scratch\n', '.dockerignore': 'node_modules\n!keep\n', 'node_modules/a/b.js': 'x', keep: 'x' });
    const filter = readContextFilter(dir, 'Dockerfile');
    const asked: string[] = [];
    const spy: ContextFilter = { match: (path, parent) => (asked.push(path), filter.match(path, parent)), mustDescend: (path) => filter.mustDescend(path) };
    expect(listContextFiles(dir, spy).entries.map((entry) => entry.path)).toEqual(['.dockerignore', 'Dockerfile', 'keep']);
    expect(asked.filter((path) => path.startsWith('node_modules/'))).toEqual([]);
  });

  test('an unreadable excluded folder does not fail packing; an unreadable included folder or file is refused by name', () => {
    tree({ Dockerfile: 'FROM scratch\n', '.dockerignore': 'pgdata\n', 'pgdata/base/1': 'x', 'src/a': 'x', 'private/key': 'x' });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'pgdata'), 0o700);
    chmodSync(join(dir, 'private'), 0o700);
    // Root reads every folder: the packer then runs in a child process as an unprivileged user.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    // A clone inside a folder only root may enter (mktemp -d) cannot be run as that user: then root's
    // reads cannot show an unreadable folder, and only the run as an unprivileged user can.
    if (spawnSync(process.execPath, ['-e', '0'], { cwd: tmpdir(), ...asUser }).status !== 0) {
      console.warn(`skipped: ${process.execPath} cannot be run as uid 65534 from here`);
      return;
    }
    const list = (ignore: string) => {
      writeFileSync(join(dir, '.dockerignore'), ignore);
      const script = join(tmpdir(), `te-list-${process.pid}.mjs`);
      writeFileSync(script, LIST_SCRIPT, { mode: 0o644 });
      try {
        return spawnSync(process.execPath, [script, dir], { encoding: 'utf8', cwd: tmpdir(), ...asUser });
      } finally {
        rmSync(script, { force: true });
      }
    };
    const ok = list('pgdata\nprivate\n');
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toEqual(['.dockerignore', 'Dockerfile', 'src', 'src/a']);
    const refused = list('pgdata\n');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('cannot read the folder private of the build context (EACCES); make it readable or exclude it in .dockerignore');
    chmodSync(join(dir, 'private'), 0o755);
    chmodSync(join(dir, 'private/key'), 0o600);
    const unreadableFile = list('pgdata\n');
    expect(unreadableFile.status).not.toBe(0);
    expect(unreadableFile.stderr).toContain('cannot read private/key of the build context (permission denied); make it readable or exclude it in .dockerignore');
  });

  test('top-level .git (and .hg, .svn, .bzr) is left out unless asked for; an exception cannot bring it back; deeper .git folders stay', async () => {
    tree({ Dockerfile: 'FROM scratch\n', '.dockerignore': '!.git/config\n', '.git/config': '[http] extraheader = AUTHORIZATION: basic x', '.hg/store': 'x', 'vendor/lib/.git/HEAD': 'x', '.gitignore': 'x' });
    const packed = packContext(dir, { dockerfile: 'Dockerfile' });
    expect(packed.vcsLeftOut).toEqual(['.git', '.hg']);
    expect((await archived(packed.stream)).map((entry) => entry.path)).toEqual(['.dockerignore', '.gitignore', 'Dockerfile', 'vendor/', 'vendor/lib/', 'vendor/lib/.git/', 'vendor/lib/.git/HEAD']);
    const all = packContext(dir, { dockerfile: 'Dockerfile', includeVcs: true });
    expect(all.vcsLeftOut).toEqual([]);
    expect((await archived(all.stream)).map((entry) => entry.path)).toContain('.git/config');
    expect(all.entries).toContain('.git/config');
  });

  test('permission bits of files and folders are kept (setuid, sticky and read-only included); symbolic links are 0777', async () => {
    tree({ Dockerfile: 'FROM scratch\n', 'shared.txt': 'x', 'run.sh': 'x', 'readonly.key': 'x', 'tool': 'x', 'ro/inner': 'x', 'tmp/x': 'x' });
    chmodSync(join(dir, 'shared.txt'), 0o664);
    chmodSync(join(dir, 'run.sh'), 0o777);
    chmodSync(join(dir, 'readonly.key'), 0o400);
    chmodSync(join(dir, 'tool'), 0o4755);
    chmodSync(join(dir, 'tmp'), 0o1777);
    chmodSync(join(dir, 'ro'), 0o555);
    symlinkSync('run.sh', join(dir, 'link'));
    const modes = Object.fromEntries((await archived(packContext(dir, { dockerfile: 'Dockerfile' }).stream)).map((entry) => [entry.path, (entry.mode & 0o7777).toString(8)]));
    chmodSync(join(dir, 'ro'), 0o755);
    expect(modes).toMatchObject({ 'shared.txt': '664', 'run.sh': '777', 'readonly.key': '400', tool: '4755', 'tmp/': '1777', 'ro/': '555', link: '777', Dockerfile: (statSync(join(dir, 'Dockerfile')).mode & 0o777).toString(8) });
  });

  test('a FIFO is stored as a FIFO entry, never opened', async () => {
    tree({ Dockerfile: 'FROM scratch\n' });
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const entries = await archived(packContext(dir, { dockerfile: 'Dockerfile' }).stream);
    expect(entries.map((entry) => [entry.path, entry.type])).toEqual([['Dockerfile', 'File'], ['pipe', 'FIFO']]);
  });

  test('a name that is not UTF-8 is packed with its exact bytes', async () => {
    tree({ Dockerfile: 'FROM scratch\n' });
    const name = Buffer.from([0x66, 0xff, 0x2e, 0x74, 0x78, 0x74]); // "f\xff.txt"
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), name]), 'latin');
    mkdirSync(Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0xe9])]));
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0xe9]), Buffer.from('/inner')]), 'x');
    const packed = packContext(dir, { dockerfile: 'Dockerfile' });
    const archive = join(tmpdir(), `te-raw-${process.pid}.tgz`);
    const chunks: Buffer[] = [];
    for await (const chunk of packed.stream) chunks.push(chunk as Buffer);
    writeFileSync(archive, Buffer.concat(chunks));
    try {
      const listed = spawnSync('python3', ['-c', 'import sys,tarfile\nfor m in tarfile.open(sys.argv[1]): sys.stdout.buffer.write(m.name.encode("utf-8","surrogateescape")+b"\\n")', archive]);
      expect(listed.status).toBe(0);
      expect(listed.stdout.toString('latin1').split('\n').filter(Boolean)).toEqual(['Dockerfile', 'f\xff.txt', '\xe9', '\xe9/inner']);
    } finally {
      rmSync(archive, { force: true });
    }
  });

  test('a Dockerfile that is a symbolic link into an excluded folder still reaches the build', async () => {
    tree({ 'build/Dockerfile': 'FROM scratch\n', 'build/out.bin': 'x', '.dockerignore': 'build\n', 'src/a': 'x' });
    symlinkSync('build/Dockerfile', join(dir, 'Dockerfile'));
    const context = resolveBuildContext(dir, '.', 'Dockerfile');
    expect(context.dockerfile).toBe('build/Dockerfile');
    expect(await pathsOf(context.dockerfile, { dockerfileAsGiven: context.dockerfileAsGiven })).toEqual(['.dockerignore', 'Dockerfile', 'build/Dockerfile', 'src', 'src/a']);
  });

  test('Dockerfile falls back to dockerfile as docker/cli does; a named file does not', () => {
    tree({ dockerfile: 'FROM scratch\n', 'Containerfile.prod': 'FROM scratch\n' });
    expect(resolveBuildContext(dir, '.', 'Dockerfile').dockerfile).toBe('dockerfile');
    expect(() => resolveBuildContext(dir, '.', 'containerfile.prod')).toThrow(/does not exist/);
    tree({ Dockerfile: 'FROM scratch\n' });
    expect(resolveBuildContext(dir, '.', 'Dockerfile').dockerfile).toBe('Dockerfile');
  });

  test.each([
    ['!', 3, 'a lone "!"'],
    ['[]a]', 3, '"]" must be escaped'],
    ['[x-]', 3, '"]" must be escaped'],
    ['src\\', 3, 'escapes nothing'],
    ['a\\q', 3, 'not supported'],
  ])('the pattern %j is refused before anything is packed, naming its line', (pattern, line, why) => {
    tree({ Dockerfile: 'FROM scratch\n', '.dockerignore': `# comment\nnode_modules\n${pattern}\n` });
    expect(() => packContext(dir, { dockerfile: 'Dockerfile' })).toThrow(`.dockerignore line ${line} has the pattern "${pattern}"`);
    expect(() => packContext(dir, { dockerfile: 'Dockerfile' })).toThrow(why);
  });
});

describe('archive checks', () => {
  test('GNU tar and Python tarfile read the archive; the same tree gives the same bytes', async () => {
    tree({ Dockerfile: 'FROM scratch\n', 'a/b/c.txt': 'hello', [`${'d'.repeat(120)}/${'n'.repeat(120)}`]: 'long', 'bin/run': 'x' });
    chmodSync(join(dir, 'bin/run'), 0o750);
    symlinkSync('../a/b/c.txt', join(dir, 'bin/link'));
    const bytes = async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of packContext(dir, { dockerfile: 'Dockerfile' }).stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    };
    const first = await bytes();
    expect((await bytes()).equals(first)).toBe(true);
    const archive = join(tmpdir(), `te-check-${process.pid}.tgz`);
    writeFileSync(archive, first);
    try {
      const gnu = execFileSync('tar', ['-tvzf', archive], { encoding: 'utf8' });
      expect(gnu).toMatch(/-rwxr-x--- .* bin\/run/);
      expect(gnu).toMatch(/lrwxrwxrwx .* bin\/link -> \.\.\/a\/b\/c\.txt/);
      expect(gnu).toContain(`${'d'.repeat(120)}/${'n'.repeat(120)}`);
      const python = execFileSync('python3', ['-c', 'import sys,tarfile\nt=tarfile.open(sys.argv[1])\nprint(t.extractfile("a/b/c.txt").read().decode(), oct(t.getmember("bin/run").mode), len(t.getmembers()))', archive], { encoding: 'utf8' });
      expect(python.trim()).toBe('hello 0o750 9');
    } finally {
      rmSync(archive, { force: true });
    }
  });
});
