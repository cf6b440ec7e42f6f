import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

declare const process: { env: Record<string, string | undefined> };

// MESHDESK_VITE_PORT pins the dev server's port (strictly): the e2e smoke test passes it, with
// `wails dev -frontenddevserverurl`, so Wails need not find Vite's URL in its output within
// its fixed 10 s (too short on a busy machine).
const pinnedPort = Number(process.env.MESHDESK_VITE_PORT) || undefined;

// Vite builds the frontend into dist/ (embedded into the desktop binary); Vitest runs the
// unit tests in a DOM (jsdom). `wails dev` starts `npm run dev` and proxies to it.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
  server: {
    host: '127.0.0.1',
    port: pinnedPort,
    strictPort: pinnedPort !== undefined,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});
