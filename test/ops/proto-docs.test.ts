import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every service, RPC, message, enum and field of the public contract says what it is for (the
// API is read from the protos: grpcurl describe, generated clients).
const DIR = new URL('../../proto/smsgw/v1/', import.meta.url).pathname;
const DECLARATION = /^(service |rpc |message |enum |(repeated |optional )?[\w.]+ \w+ = \d+;)/;

function undocumented(file: string): string[] {
  const lines = readFileSync(join(DIR, file), 'utf8').split('\n');
  return lines.flatMap((line, i) => {
    const text = line.trim();
    if (!DECLARATION.test(text) || text.includes('//')) return [];
    return lines[i - 1]?.trim().startsWith('//') ? [] : [`${file}:${i + 1} ${text}`];
  });
}

describe('the proto contract', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.proto'));

  it('has files to check', () => expect(files.length).toBeGreaterThanOrEqual(5));

  it.each(files)('%s documents every service, RPC, message, enum and field', (file) =>
    expect(undocumented(file)).toEqual([]),
  );
});
