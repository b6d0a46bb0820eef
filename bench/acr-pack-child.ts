// Child process of the acr-build benchmark (bundled with the package by the suite): packs a tree and
// optionally uploads it to a SAS URL, then prints {ms, bytes, entries, maxRssMb} as JSON.
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { packContext, uploadBlockBlob } from '../packages/acr-build/src/index.ts';

const [dir, uploadUrl, level] = process.argv.slice(2);
const started = performance.now();
const packed = packContext(dir!, { dockerfile: 'Dockerfile', gzipLevel: level ? Number(level) : undefined });
let bytes = 0;
if (uploadUrl) {
  bytes = (await uploadBlockBlob(uploadUrl, packed.stream)).bytes;
} else {
  await pipeline(
    packed.stream,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    }),
  );
}
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, bytes, entries: packed.entries.length, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
