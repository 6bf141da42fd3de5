// Bundles the page's script and stylesheet into dist/webchat/ (copied into the host's wwwroot/ by
// the build), with Brotli and gzip copies so the host sends a phone a fraction of the bytes
// without compressing on every request.
import { build } from 'esbuild';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist/webchat');

await build({
  entryPoints: { app: join(here, 'src/main.js'), 'app-style': join(here, 'src/app.css') },
  outdir: out,
  entryNames: '[name]',
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'iife',
  target: ['es2019'],
  legalComments: 'linked',
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  logLevel: 'warning'
});
// One stylesheet name for the page, whatever esbuild calls the CSS entry.
await rename(join(out, 'app-style.css'), join(out, 'app.css'));

for (const name of ['app.js', 'app.css']) {
  const content = await readFile(join(out, name));
  await writeFile(join(out, `${name}.br`), brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  await writeFile(join(out, `${name}.gz`), gzipSync(content, { level: 9 }));
}
