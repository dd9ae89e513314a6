import protobuf from 'protobufjs';
import { PROTO_ROOT } from '@smsgw/proto';

/** Request types of the API, loaded from the same .proto files the services serve. */
export function loadApi(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => `${PROTO_ROOT}/${target}`;
  root.loadSync(['smsgw/v1/messaging.proto', 'smsgw/v1/compliance.proto', 'smsgw/v1/admin.proto']);
  root.resolveAll();
  return root;
}

type Rng = () => number;
const int = (r: Rng, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rng, items: readonly T[]): T => items[int(r, items.length)] as T;

const STRINGS = (r: Rng, short: boolean): string[] => [
  '',
  ' ',
  'a',
  '+14155550123',
  '+1415555012345678901234',
  'Acme',
  'PURPOSE_MARKETING',
  '01ARZ3NDEKTSV4RRFFQ69G5FAV',
  '\u0000',
  '😀'.repeat(int(r, short ? 20 : 2000)),
  'x'.repeat(short ? pick(r, [255, 256]) : pick(r, [255, 256, 1601, 10_001, 100_000])),
  String.fromCharCode(...Array.from({ length: int(r, 64) }, () => int(r, 0xd7ff))),
  '2026-12-01T00:00:00Z',
  '9999-99-99',
];
const NUMBERS = [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 32 - 1, Number.MAX_SAFE_INTEGER, 1e15];

function value(r: Rng, field: protobuf.Field, depth: number, short: boolean): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum)
    return pick(r, [...Object.values(resolved.values), 999, -1]);
  if (resolved instanceof protobuf.Type) return message(r, resolved, depth + 1, short);
  switch (field.type) {
    case 'string':
      return pick(r, STRINGS(r, short));
    case 'bool':
      return r() < 0.5;
    case 'bytes':
      return Buffer.from(Array.from({ length: int(r, 64) }, () => int(r, 256)));
    case 'double':
    case 'float':
      return pick(r, [0, -1, 1.5, Number.MAX_VALUE, Number.NaN]);
    default: {
      const n = pick(r, NUMBERS);
      return field.type.startsWith('u') || field.type.startsWith('fixed') ? Math.abs(n) : n;
    }
  }
}

/** A random request of `type`: each field absent, boundary or random; repeated fields 0 to 1,001 long (short strings inside). */
export function message(
  r: Rng,
  type: protobuf.Type,
  depth = 0,
  short = false,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (depth > 3) return out;
  for (const field of type.fieldsArray) {
    if (r() < 0.25) continue;
    out[field.name] = field.repeated
      ? Array.from({ length: pick(r, [0, 1, 2, 50, 1001]) }, () => value(r, field, depth, true))
      : value(r, field, depth, short);
  }
  return out;
}

/** The encoded request: a generated message, or bytes that are not one. */
export function requestBytes(r: Rng, type: protobuf.Type): Buffer {
  if (r() < 0.15) return Buffer.from(Array.from({ length: int(r, 200) }, () => int(r, 256)));
  const object = message(r, type);
  return Buffer.from(type.encode(type.fromObject(object)).finish());
}
