import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

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
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});
