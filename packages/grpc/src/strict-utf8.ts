import type { ServiceDefinition } from '@grpc/grpc-js';

/** Set on a request whose string fields held bytes that are not UTF-8. */
const INVALID_UTF8 = Symbol('smsgw.invalidUtf8');
const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]); // U+FFFD in UTF-8

function rawReplacements(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(REPLACEMENT); i >= 0; i = buf.indexOf(REPLACEMENT, i + 3)) n++;
  return n;
}

/** U+FFFD characters in every string of a decoded request, and the path of the first. */
function decodedReplacements(value: unknown, path: string, found: { n: number; path: string }) {
  if (typeof value === 'string') {
    for (const ch of value) if (ch === '\uFFFD' && found.n++ === 0) found.path = path;
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => decodedReplacements(v, `${path}[${i}]`, found));
  } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value))
      decodedReplacements(v, path ? `${path}.${k}` : k, found);
  }
  return found;
}

/**
 * A service definition whose requests remember when a string field held invalid UTF-8. The
 * protobuf decoder replaces such bytes with U+FFFD without a word (a body that then silently
 * changes, and falls into UCS-2); a request with more U+FFFD characters in its strings than
 * U+FFFD encodings in its bytes had some, and `invalidUtf8Field` names where.
 */
export function strictUtf8<T extends ServiceDefinition>(service: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(service)) {
    wrapped[name] = {
      ...method,
      requestDeserialize: (buf: Buffer): unknown => {
        const request = method.requestDeserialize(buf) as object;
        const found = decodedReplacements(request, '', { n: 0, path: '' });
        if (found.n > rawReplacements(buf))
          Object.defineProperty(request, INVALID_UTF8, { value: found.path || 'request' });
        return request;
      },
    };
  }
  return wrapped as T;
}

/** The field of a request that held invalid UTF-8 (see {@link strictUtf8}), if any. */
export function invalidUtf8Field(request: unknown): string | undefined {
  if (request === null || typeof request !== 'object') return undefined;
  return (request as { [INVALID_UTF8]?: string })[INVALID_UTF8];
}
