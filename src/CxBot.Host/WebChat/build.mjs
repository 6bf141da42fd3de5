// Bundles the page's script and stylesheet into dist/webchat/ (copied into the host's wwwroot/ by the build).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

await build({
  entryPoints: { app: join(here, 'src/main.js'), 'app-style': join(here, 'src/app.css') },
  outdir: join(here, 'dist/webchat'),
  entryNames: '[name]',
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'iife',
  target: ['es2019'],
  legalComments: 'linked',
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  logLevel: 'warning'
}).then(() => import('node:fs/promises')).then(fs =>
  // One stylesheet name for the page, whatever esbuild calls the CSS entry.
  fs.rename(join(here, 'dist/webchat/app-style.css'), join(here, 'dist/webchat/app.css')));
