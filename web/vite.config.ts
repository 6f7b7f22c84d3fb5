import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = join(root, 'dist');

/** Writes a gzip twin next to each compressible file; the Vigil server sends it to clients that accept gzip. */
function gzipTwins(): Plugin {
  return {
    name: 'vigil-gzip-twins',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): void => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (statSync(path).isDirectory()) walk(path);
          else if (/\.(js|css|html|svg|json)$/.test(name)) writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: 9 }));
        }
      };
      walk(outDir);
    },
  };
}

// The dev server (npm run dev:web) proxies the API to a Vigil on :8080 (npm start), so one origin as in production.
const api = process.env['VIGIL_URL'] ?? 'http://127.0.0.1:8080';

export default defineConfig(({ command }) => ({
  root,
  base: '/',
  plugins: [react(), gzipTwins()],
  // Fixed for builds: React's production build is chosen by this, whatever NODE_ENV the shell has.
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: false },
  server: { proxy: { '/api': { target: api, changeOrigin: false }, '/healthz': api } },
}));
