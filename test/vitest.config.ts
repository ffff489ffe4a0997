import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/svg-setup.ts'],
    // Many tests spawn the CLI, each start costing about half a second on a 2-core machine.
    testTimeout: 30_000,
  },
});
