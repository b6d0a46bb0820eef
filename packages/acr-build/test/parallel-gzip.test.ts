import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createParallelGzip, type FillSource } from '../src/parallel-gzip.js';

function sourceOf(data: Buffer): FillSource & { closed: boolean } {
  let at = 0;
  return {
    closed: false,
    fill(buffer: Buffer) {
      const n = data.copy(buffer, 0, at);
      at += n;
      return n;
    },
    close() {
      this.closed = true;
    },
  };
}

async function collect(stream: NodeJS.ReadableStream, delayMs = 0): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    if (delayMs) await new Promise((done) => setTimeout(done, delayMs));
  }
  return Buffer.concat(chunks);
}

/** Text-like data (compressible, with repeats across the 1 MiB block boundaries) mixed with noise. */
function sample(length: number): Buffer {
  const data = Buffer.alloc(length);
  let seed = 7;
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    data[i] = i % 100_000 < 10_000 ? seed & 0xff : 'select column from table where key = value;\n'.charCodeAt(i % 44);
  }
  return data;
}

describe('createParallelGzip', () => {
  test.each([0, 1, 1024 * 1024, 1024 * 1024 + 1, 3.5 * 1024 * 1024])('%i bytes: one gzip member that gunzips to the input', async (length) => {
    const data = sample(length);
    const gz = await collect(createParallelGzip(sourceOf(data), { level: 6, threads: 3 }));
    expect(gunzipSync(gz).equals(data)).toBe(true);
    // One member: the system gzip agrees, and the trailer is the whole input's CRC and length.
    expect(execFileSync('gzip', ['-dc'], { input: gz, maxBuffer: 64 * 1024 * 1024 }).equals(data)).toBe(true);
    expect(gz.readUInt32LE(gz.length - 4)).toBe(length);
  });

  test('the output does not depend on the number of threads; the size is within 1 % of single-stream gzip', async () => {
    const data = sample(5 * 1024 * 1024);
    const one = await collect(createParallelGzip(sourceOf(data), { level: 6, threads: 1 }));
    const four = await collect(createParallelGzip(sourceOf(data), { level: 6, threads: 4 }));
    expect(four.equals(one)).toBe(true);
    expect(Math.abs(one.length / gzipSync(data, { level: 6 }).length - 1)).toBeLessThan(0.01);
  });

  test('a slow consumer gets everything (no stall with output over the high-water mark)', async () => {
    const data = randomBytes(6 * 1024 * 1024);
    const gz = await collect(createParallelGzip(sourceOf(data), { level: 6, threads: 2 }), 10);
    expect(gunzipSync(gz).equals(data)).toBe(true);
  });

  test('an error from the source destroys the stream with it; destroying early closes the source', async () => {
    const failing: FillSource = {
      fill() {
        throw new Error('cannot read src/a.ts');
      },
    };
    await expect(collect(createParallelGzip(failing, { level: 6 }))).rejects.toThrow('cannot read src/a.ts');
    const source = sourceOf(sample(8 * 1024 * 1024));
    const stream = createParallelGzip(source, { level: 6, threads: 1 });
    for await (const _chunk of stream) break;
    expect(source.closed).toBe(true);
  });
});
