import { opendirSync } from 'node:fs';
import { join } from 'node:path';
import type { ContextFilter } from './dockerignore.js';

/**
 * The paths to archive, relative to the context with forward slashes, in a fixed (byte-wise
 * sorted, depth-first) order so the same tree always gives the same archive. Directories are
 * listed before their contents. Symbolic links are listed as entries and never followed, so
 * nothing outside the context is read. Only names are held in memory, never file contents.
 */
export function listContextFiles(contextDir: string, filter: ContextFilter): string[] {
  const result: string[] = [];
  const walk = (relDir: string) => {
    const dir = opendirSync(relDir === '' ? contextDir : join(contextDir, relDir));
    const entries: { name: string; isDir: boolean }[] = [];
    try {
      for (let entry = dir.readSync(); entry; entry = dir.readSync()) entries.push({ name: entry.name, isDir: entry.isDirectory() });
    } finally {
      dir.closeSync();
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      const excluded = filter.excludes(path);
      if (entry.isDir) {
        if (!excluded) result.push(path);
        if (!excluded || filter.mustDescend(path)) walk(path);
      } else if (!excluded) {
        result.push(path);
      }
    }
  };
  walk('');
  return result;
}
