import { createReadStream } from 'node:fs';

/** One record of a CSV file: its fields, its 1-based record number, the bytes read so far. */
export interface CsvRecord {
  fields: string[];
  record: number;
  bytesRead: number;
}

/**
 * Reads a CSV file (RFC 4180: quoted fields with "" escapes and line breaks inside) a record at
 * a time, streamed, so a file of millions of rows holds one read buffer in memory. Blank lines
 * are skipped; `skipBytes` starts at a record boundary already reached (a resumed import).
 */
export async function* readCsv(path: string, skipBytes = 0): AsyncIterable<CsvRecord> {
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let record = 0;
  let bytesRead = skipBytes;
  const finish = (): CsvRecord | undefined => {
    fields.push(field);
    const done = fields;
    field = '';
    fields = [];
    if (done.length === 1 && done[0] === '') return undefined;
    return { fields: done, record: ++record, bytesRead };
  };
  for await (const chunk of createReadStream(path, { encoding: 'utf8', start: skipBytes })) {
    const text = chunk as string;
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      bytesRead += utf8Bytes(text.charCodeAt(i));
      if (c === '\ufeff' && bytesRead === 3) continue; // a byte-order mark
      if (quoted) {
        if (c !== '"') field += c;
        else if (text[i + 1] === '"') {
          field += '"';
          bytesRead += 1;
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else if (c === '"' && field === '' && !afterQuote) quoted = true;
      else if (c === ',') {
        fields.push(field);
        field = '';
        afterQuote = false;
      } else if (c === '\n') {
        afterQuote = false;
        const r = finish();
        if (r) yield r;
      } else if (c !== '\r') field += c;
    }
  }
  if (field !== '' || fields.length > 0) {
    const r = finish();
    if (r) yield r;
  }
}

/** UTF-8 bytes of one UTF-16 code unit (a surrogate pair counts 4 on its first half). */
function utf8Bytes(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdbff) return 4;
  if (code >= 0xdc00 && code <= 0xdfff) return 0;
  return 3;
}

/** Reads records by column name from a header row; throws naming the missing required columns. */
export function columns(
  header: readonly string[],
  required: readonly string[],
  optional: readonly string[] = [],
): ColumnReader {
  const index = new Map<string, number>();
  header.forEach((name, i) => index.set(name.trim().toLowerCase(), i));
  const missing = required.filter((k) => !index.has(k));
  if (missing.length > 0)
    throw new UsageError(
      `the header must name ${required.join(', ')} (optional: ${optional.join(', ') || 'none'}); missing ${missing.join(', ')}`,
    );
  return (fields, name) => {
    const i = index.get(name);
    return i === undefined ? '' : (fields[i] ?? '');
  };
}

/** A record's value in a named column ('' when the file has no such column). */
export type ColumnReader = (fields: readonly string[], name: string) => string;

/** A mistake in what the user gave (flags, a file): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
