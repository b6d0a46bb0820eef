// Bundles every action into dist/ as ES modules that share chunks, so the six actions
// ship the Azure and GitHub client code once. Run with `npm run build`.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const entryPoints = {};
for (const action of readdirSync('actions').sort()) {
  for (const step of ['main', 'post']) {
    const source = join('actions', action, 'src', `${step}.ts`);
    if (existsSync(source)) entryPoints[`${action}/${step === 'main' ? 'index' : 'post'}`] = source;
  }
}

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  chunkNames: 'chunks/[name]-[hash]',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __teCreateRequire } from 'node:module'; const require = __teCreateRequire(import.meta.url);",
  },
});
writeFileSync(join('dist', 'package.json'), '{\n  "type": "module"\n}\n');
