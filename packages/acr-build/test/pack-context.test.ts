import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Parser, type ReadEntry } from 'tar';
import { FIXED_MTIME, packContext } from '../src/pack-context.js';

let dir: string;
let outside: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'te-pack-'));
  outside = mkdtempSync(join(tmpdir(), 'te-pack-outside-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

interface Entry {
  path: string;
  type: string;
  mode: number;
  mtime?: Date;
  linkpath?: string;
  uid?: number;
  content: Buffer;
}

async function unpackList(stream: Readable): Promise<Entry[]> {
  const entries: Entry[] = [];
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => entries.push({ path: entry.path, type: entry.type, mode: entry.mode ?? 0, mtime: entry.mtime, linkpath: entry.linkpath, uid: entry.uid, content: Buffer.concat(chunks) }));
    },
  });
  const ended = new Promise<void>((done, fail) => {
    parser.on('end', () => done());
    parser.on('error', fail);
  });
  for await (const chunk of stream) parser.write(chunk as Buffer);
  parser.end();
  await ended;
  return entries;
}

async function digest(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('packContext', () => {
  test('a context of 10 000 files: every file once, in sorted order, contents intact', async () => {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY . /\n');
    for (let d = 0; d < 100; d++) {
      const sub = join(dir, `dir-${String(d).padStart(3, '0')}`);
      mkdirSync(sub);
      for (let f = 0; f < 100; f++) writeFileSync(join(sub, `file-${String(f).padStart(3, '0')}.txt`), `content of ${d}/${f}\n`);
    }
    const packed = packContext(dir, { dockerfile: 'Dockerfile' });
    const entries = await unpackList(packed.stream);
    expect(packed.entries).toHaveLength(1 + 100 + 10_000);
    const files = entries.filter((entry) => entry.type === 'File');
    expect(files).toHaveLength(10_001);
    expect(entries.map((entry) => entry.path.replace(/\/$/, ''))).toEqual(packed.entries);
    expect(new Set(files.map((entry) => entry.path)).size).toBe(10_001);
    const sample = files.find((entry) => entry.path === 'dir-042/file-017.txt')!;
    expect(sample.content.toString()).toBe('content of 42/17\n');
  });

  test('a symlink pointing outside the context is stored as a link and its target is never read', async () => {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(join(outside, 'secret.txt'), 'OUTSIDE-SECRET-CONTENT');
    mkdirSync(join(outside, 'tree'));
    writeFileSync(join(outside, 'tree', 'inner.txt'), 'OUTSIDE-TREE-CONTENT');
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'link-to-file'));
    symlinkSync(join(outside, 'tree'), join(dir, 'link-to-dir'));
    symlinkSync('../../../../../../etc/passwd', join(dir, 'relative-escape'));
    const packed = packContext(dir, { dockerfile: 'Dockerfile' });
    const entries = await unpackList(packed.stream);
    const links = entries.filter((entry) => entry.type === 'SymbolicLink');
    expect(links.map((entry) => [entry.path, entry.linkpath])).toEqual([
      ['link-to-dir', join(outside, 'tree')],
      ['link-to-file', join(outside, 'secret.txt')],
      ['relative-escape', '../../../../../../etc/passwd'],
    ]);
    const all = Buffer.concat(entries.map((entry) => entry.content)).toString();
    expect(all).not.toContain('OUTSIDE-SECRET-CONTENT');
    expect(all).not.toContain('OUTSIDE-TREE-CONTENT');
    expect(entries.some((entry) => entry.path.includes('inner.txt'))).toBe(false);
    expect(lstatSync(join(dir, 'link-to-dir')).isSymbolicLink()).toBe(true);
  });

  test('the same tree gives the same bytes, whatever the mtimes and creation order; owners are dropped', async () => {
    const make = (root: string, order: string[]) => {
      for (const name of order) {
        mkdirSync(join(root, name, '..'), { recursive: true });
        writeFileSync(join(root, name), `data ${name}`);
      }
      writeFileSync(join(root, 'Dockerfile'), 'FROM scratch\n');
    };
    make(dir, ['b/2', 'a/1', 'c']);
    make(outside, ['c', 'a/1', 'b/2']);
    utimesSync(join(outside, 'c'), new Date('2011-01-01'), new Date('2011-01-01'));
    const first = await digest(packContext(dir, { dockerfile: 'Dockerfile' }).stream);
    const second = await digest(packContext(outside, { dockerfile: 'Dockerfile' }).stream);
    expect(second).toBe(first);
    const entries = await unpackList(packContext(dir, { dockerfile: 'Dockerfile' }).stream);
    for (const entry of entries) {
      // Files carry the fixed mtime; node-tar's portable mode leaves directories without one.
      if (entry.type === 'File') expect(entry.mtime?.getTime()).toBe(FIXED_MTIME.getTime());
      else expect([undefined, FIXED_MTIME.getTime()]).toContain(entry.mtime?.getTime());
      expect(entry.uid ?? 0).toBe(0);
    }
    writeFileSync(join(dir, 'c'), 'changed');
    expect(await digest(packContext(dir, { dockerfile: 'Dockerfile' }).stream)).not.toBe(first);
  });

  test('executable bits are kept', async () => {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    const entries = await unpackList(packContext(dir, { dockerfile: 'Dockerfile' }).stream);
    expect(entries.find((entry) => entry.path === 'run.sh')!.mode & 0o111).toBe(0o111);
  });

  test('.dockerignore is applied to the archive', async () => {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(join(dir, '.dockerignore'), '*.env\nnode_modules\n!keep.env\n');
    writeFileSync(join(dir, 'a.env'), 'x');
    writeFileSync(join(dir, 'keep.env'), 'x');
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules', 'x.js'), 'x');
    const entries = await unpackList(packContext(dir, { dockerfile: 'Dockerfile' }).stream);
    expect(entries.map((entry) => entry.path)).toEqual(['.dockerignore', 'Dockerfile', 'keep.env']);
    expect(readFileSync(join(dir, 'a.env'), 'utf8')).toBe('x');
  });
});
