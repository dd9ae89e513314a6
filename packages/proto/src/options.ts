import { fileURLToPath } from 'node:url';

/** Folder holding the .proto contracts (the repository's top-level proto/). */
export const PROTO_ROOT = fileURLToPath(new URL('../../../proto', import.meta.url));

/**
 * The one set of proto-loader options, used for loading gRPC services, for decoding Kafka
 * payloads and (as CLI flags in package.json "gen") for type generation, so all three agree.
 */
export const PROTO_LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
} as const;
