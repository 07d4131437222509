import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Tests import workspace packages from source; child processes the CLI spawns run the built dist.
export default defineConfig({
  resolve: {
    alias: {
      '@atrium/domain': src('./packages/domain/src/index.ts'),
      '@atrium/wire': src('./packages/wire/src/index.ts'),
      '@atrium/runtime': src('./packages/runtime/src/index.ts'),
      '@atrium/testkit': src('./packages/testkit/src/index.ts'),
      '@atrium/venue': src('./services/venue/src/index.ts'),
      '@atrium/pm': src('./services/pm/src/index.ts'),
      '@atrium/master-risk': src('./services/master-risk/src/index.ts'),
      '@atrium/allocation': src('./services/allocation/src/index.ts'),
      '@atrium/analytics': src('./services/analytics/src/index.ts'),
      '@atrium/institution': src('./services/institution/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
