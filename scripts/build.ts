// The production build: each service bundled into services/<name>/dist/main.mjs, plain
// JavaScript run by `node` without a TypeScript loader. The workspace packages (@smsgw/*, shipped
// as TypeScript) are bundled in; npm dependencies stay external and are installed beside it
// (`npm ci --omit=dev`), so their files (kafkajs internals patched at load, libphonenumber data,
// protobufjs) resolve as in development. The bundle sits as deep as packages/*/src, so the
// paths computed from import.meta.url (the proto/ folder) are the same.
import { build, type Plugin } from 'esbuild';

const SERVICES = ['ingress', 'compliance', 'dispatcher', 'smsc-simulator'];

/** Everything imported by a bare name is external except the workspace's own packages. */
const externalDependencies: Plugin = {
  name: 'external-dependencies',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@smsgw/') ? undefined : { path: args.path, external: true },
    );
  },
};

await Promise.all(
  SERVICES.map((service) =>
    build({
      entryPoints: [`services/${service}/src/main.ts`],
      outfile: `services/${service}/dist/main.mjs`,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: true,
      legalComments: 'none',
      plugins: [externalDependencies],
      logLevel: 'warning',
    }),
  ),
);
console.log(`built ${SERVICES.map((s) => `services/${s}/dist/main.mjs`).join(', ')}`);
