import { defineConfig } from 'vite';

// The console is static files: `vite build` writes them to dist/, which the gateway serves at `/`.
// Relative asset paths let them be served under any prefix; `vite` proxies the APIs to a running gateway.
export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 400 },
  server: {
    proxy: Object.fromEntries(
      ['/drug/v1', '/timeseries/v1', '/weather/v1', '/v1'].map((p) => [p, 'http://127.0.0.1:8080']),
    ),
  },
});
