import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The web app: built into web/dist (`npm run build:web`), served by the API at `/`.
export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // @polkadot/api alone is over a megabyte: the warning would only repeat that.
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
