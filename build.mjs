// Bundles every action into dist/ as ES modules that share chunks, so the six actions
// ship the Azure and GitHub client code once. Run with `npm run build`.
import { build } from 'esbuild';
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const entryPoints = {};
for (const action of readdirSync('actions').sort()) {
  for (const step of ['main', 'post']) {
    const source = join('actions', action, 'src', `${step}.ts`);
    if (existsSync(source)) entryPoints[`${action}/${step === 'main' ? 'index' : 'post'}`] = source;
  }
}

// @actions/core imports its OIDC client (and through it @actions/http-client and undici) at load
// time even when an action never calls getIDToken. These packages have no load-time side effects, so
// marking them lets esbuild drop whatever an action does not use, which keeps start-up fast.
const SIDE_EFFECT_FREE = /[\\/]node_modules[\\/](@actions[\\/](core|http-client|exec|io)|undici|tunnel)[\\/]/;
const treeShakeRunnerToolkit = {
  name: 'tree-shake-runner-toolkit',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      if (!/^(@actions\/|undici|tunnel|\.)/.test(args.path)) return undefined;
      const result = await pluginBuild.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
      if (result.errors.length || !SIDE_EFFECT_FREE.test(result.path)) return undefined;
      return { ...result, sideEffects: false };
    });
  },
};

// Build next to dist/ and swap it in, so a test running the bundles never sees a half-written dist/.
const next = `dist.next-${process.pid}`;
rmSync(next, { recursive: true, force: true });
await build({
  entryPoints,
  outdir: next,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  chunkNames: 'chunks/[name]-[hash]',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [treeShakeRunnerToolkit],
  banner: {
    js: "import { createRequire as __teCreateRequire } from 'node:module'; const require = __teCreateRequire(import.meta.url);",
  },
});
writeFileSync(join(next, 'package.json'), '{\n  "type": "module"\n}\n');
const previous = `dist.old-${process.pid}`;
if (existsSync('dist')) renameSync('dist', previous);
renameSync(next, 'dist');
rmSync(previous, { recursive: true, force: true });
