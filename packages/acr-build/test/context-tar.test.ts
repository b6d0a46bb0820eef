import { chmodSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, extract } from 'tar';
import { listContextFiles, type ContextEntry } from '../src/context-files.js';
import { ContextTar } from '../src/context-tar.js';
import { createContextFilter } from '../src/dockerignore.js';

const MTIME = new Date('2000-01-01T00:00:00Z');
let dir: string;
let out: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'te-tar-'));
  out = mkdtempSync(join(tmpdir(), 'te-tar-out-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

/** Drains a ContextTar through buffers of the given size. */
function drain(tar: ContextTar, size: number): Buffer {
  const parts: Buffer[] = [];
  for (;;) {
    const buffer = Buffer.alloc(size);
    const filled = tar.fill(buffer);
    parts.push(buffer.subarray(0, filled));
    if (filled < size) return Buffer.concat(parts);
  }
}

async function nodeTar(entries: ContextEntry[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of create({ cwd: dir, portable: true, mtime: MTIME, follow: false, noDirRecurse: true, strict: true }, entries.map((entry) => entry.path)) as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function makeTree(): ContextEntry[] {
  const longDir = 'd'.repeat(90);
  const longName = `${'n'.repeat(120)}.txt`;
  mkdirSync(join(dir, longDir, 'e'.repeat(80), 'f'.repeat(120)), { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(dir, 'empty'), '');
  writeFileSync(join(dir, 'exactly-512'), Buffer.alloc(512, 7));
  writeFileSync(join(dir, 'big.bin'), Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251)));
  writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(dir, 'private'), 'x');
  chmodSync(join(dir, 'private'), 0o600);
  writeFileSync(join(dir, longDir, 'e'.repeat(80), 'f'.repeat(120), longName), 'deep content');
  writeFileSync(join(dir, 'ünïcødé-名前.txt'), 'utf8 name');
  symlinkSync('../outside/target', join(dir, 'link-out'));
  symlinkSync('x'.repeat(150), join(dir, 'link-long-target'));
  symlinkSync('run.sh', join(dir, 'link-in'));
  linkSync(join(dir, 'run.sh'), join(dir, 'run-hardlink.sh'));
  return listContextFiles(dir, createContextFilter([], ['Dockerfile'])).entries;
}

describe('ContextTar', () => {
  test('writes byte for byte what node-tar writes for modes it keeps (long names, hard links, empty and block-sized files), whatever the buffer size', async () => {
    // node-tar stores symbolic links with mode 0755; Docker (Go's tar) with the link's own 0777.
    const entries = makeTree().filter((entry) => !lstatSync(join(dir, entry.path)).isSymbolicLink());
    const expected = await nodeTar(entries);
    for (const size of [512, 1000, 64 * 1024, 1024 * 1024]) {
      expect(drain(new ContextTar(dir, entries, { mtime: MTIME }), size).equals(expected)).toBe(true);
    }
  });

  test('round trip through node-tar extract: contents, modes, symlinks as links, hard links', async () => {
    const entries = makeTree();
    const archive = join(out, 'a.tar');
    writeFileSync(archive, drain(new ContextTar(dir, entries, { mtime: MTIME }), 64 * 1024));
    const target = join(out, 'x');
    mkdirSync(target);
    await extract({ file: archive, cwd: target });
    const deep = join('d'.repeat(90), 'e'.repeat(80), 'f'.repeat(120), `${'n'.repeat(120)}.txt`);
    expect(readFileSync(join(target, deep), 'utf8')).toBe('deep content');
    expect(readFileSync(join(target, 'big.bin')).equals(readFileSync(join(dir, 'big.bin')))).toBe(true);
    expect(readFileSync(join(target, 'ünïcødé-名前.txt'), 'utf8')).toBe('utf8 name');
    expect(statSync(join(target, 'run.sh')).mode & 0o111).toBe(0o111);
    expect(statSync(join(target, 'private')).mode & 0o777).toBe(0o600);
    expect(statSync(join(target, 'empty')).size).toBe(0);
    // (node-tar's extract itself skips links leading out of its folder, so only in-tree ones are checked here.)
    expect(readlinkSync(join(target, 'link-in'))).toBe('run.sh');
    expect(readlinkSync(join(target, 'link-long-target'))).toBe('x'.repeat(150));
    expect(statSync(join(target, 'run-hardlink.sh')).ino).toBe(statSync(join(target, 'run.sh')).ino);
    expect(statSync(join(target, 'run.sh')).mtime.getTime()).toBe(MTIME.getTime());
  });

  test('a file that shrinks while being packed is an error naming it', () => {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(join(dir, 'grows-and-shrinks'), Buffer.alloc(200_000, 1));
    const tar = new ContextTar(dir, [{ path: 'Dockerfile' }, { path: 'grows-and-shrinks' }], { mtime: MTIME });
    const buffer = Buffer.alloc(64 * 1024);
    tar.fill(buffer);
    writeFileSync(join(dir, 'grows-and-shrinks'), 'short now');
    expect(() => {
      while (tar.fill(buffer) === buffer.length);
    }).toThrow(/grows-and-shrinks became shorter/);
    tar.close();
  });
});
