/**
 * Builds the dashboard into dist/ for the gateway to serve at /dashboard (hence `base`). Preact
 * needs no plugin: Vite's transformer takes the JSX settings from tsconfig.json (preact's runtime).
 */
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/dashboard/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Budgets are checked after the build (internal/devstack/src/dashboard-build.ts); Vite's warning is for megabytes.
    reportCompressedSize: false,
    target: 'es2022',
  },
});
