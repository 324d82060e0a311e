import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['tests/node/**/*.test.ts'], environment: 'node', env: { TZ: 'UTC' } },
      },
      {
        extends: true,
        // A user's whole flow against the real core (Argon2id log-ins, encrypted writes) per test: seconds
        // on a busy 2-core CI machine.
        test: { name: 'dom', include: ['tests/dom/**/*.test.tsx'], environment: 'happy-dom', env: { TZ: 'UTC' }, testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts', 'tests/electron/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
