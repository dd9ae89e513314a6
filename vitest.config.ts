import { defineConfig } from 'vitest/config';

// Three tiers: unit (pure logic, no I/O), integration (real Kafka, Redis, TCP), e2e (the whole
// gateway as processes). The global setup starts Kafka and Redis once for the run.
export default defineConfig({
  test: {
    globalSetup: ['./vitest.global-setup.ts'],
    reporters: ['default', './vitest.summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int.test.ts', 'services/*/src/**/*.int.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          // What SREs get: rules and dashboards as files, a real Prometheus on the live gateway,
          // the Kubernetes manifests.
          name: 'ops',
          include: ['test/ops/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          // Hostile carriers, tenants and wires (issue 14), each against the real parts.
          name: 'security',
          include: ['test/security/**/*.security.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          // 20,000 messages per scenario through the whole gateway while a part of it fails.
          name: 'chaos',
          include: ['test/chaos/**/*.chaos.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 180_000,
          // After every other tier: the chaos runs load both cores and must not starve them.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
