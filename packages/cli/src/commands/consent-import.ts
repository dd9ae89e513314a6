import { appendFileSync, statSync } from 'node:fs';
import type { ConsentClient, ImportRow } from '@smsgw/grpc';
import { SingleBar } from 'cli-progress';
import { EXIT, reportFailure, type Context } from '../context.js';
import { columns, readCsv, UsageError, type ColumnReader } from '../csv.js';
import {
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
  type ImportCheckpoint,
} from '../import-checkpoint.js';

const REQUIRED = ['recipient', 'purpose', 'source'] as const;
const OPTIONAL = ['channel', 'at', 'proof_text'];
const PURPOSES: Record<string, ImportRow['purpose']> = {
  MARKETING: 'PURPOSE_MARKETING',
  TRANSACTIONAL: 'PURPOSE_TRANSACTIONAL',
};

export interface ImportOptions {
  chunkRows: number;
  /** ImportConsents calls in flight at once. */
  concurrency: number;
  /** Rows per second at most (0 = as fast as the server takes them). */
  rate: number;
  restart: boolean;
  json: boolean;
}

/** The evidence time of a row: its `at` (ISO 8601 or Unix ms), else the import's start. */
function atOf(value: string | undefined, startedAtMs: number): number {
  if (!value) return startedAtMs;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) ? ms : startedAtMs;
}

function toRow(fields: string[], read: ColumnReader, startedAtMs: number): ImportRow {
  const get = (name: string): string => read(fields, name);
  return {
    recipient: get('recipient'),
    purpose: PURPOSES[get('purpose').toUpperCase()] ?? 'CONSENT_PURPOSE_UNSPECIFIED',
    evidence: {
      source: get('source'),
      channel: get('channel'),
      atMs: atOf(get('at'), startedAtMs),
      proofText: get('proof_text'),
    },
  };
}

/** Waits so that `rows` rows in `elapsedMs` stay under `rate` per second. */
async function pace(rate: number, rows: number, startedAt: number): Promise<void> {
  if (rate <= 0) return;
  const due = startedAt + (rows / rate) * 1000 - Date.now();
  if (due > 0) await new Promise((r) => setTimeout(r, due));
}

/** Progress on standard error: a bar on a terminal, a line per 10% otherwise. */
function progress(ctx: Context, total: number, json: boolean) {
  const bar = ctx.interactive
    ? new SingleBar({
        format: ' {bar} {percentage}% | {rows} rows | {speed} rows/s | ETA {eta_formatted}',
        stream: process.stderr,
      })
    : undefined;
  let lastTenth = -1;
  return {
    start: (offset: number, rows: number) => bar?.start(total, offset, { rows, speed: 0 }),
    update(offset: number, rows: number, speed: number) {
      bar?.update(offset, { rows, speed: Math.round(speed) });
      const tenth = Math.floor((offset / Math.max(1, total)) * 10);
      if (!bar && !json && tenth > lastTenth) {
        lastTenth = tenth;
        ctx.err(`${tenth * 10}% ${rows} rows ${Math.round(speed)} rows/s`);
      }
    },
    stop: () => bar?.stop(),
  };
}

/**
 * Streams a CSV of consents (recipient,purpose,source[,channel,at,proof_text]) to
 * ImportConsents, a call per chunk; resumes from the file's checkpoint after an interruption.
 * Refused rows go to `<file>.refused.csv` (row, code, field, message).
 */
export async function importConsents(
  ctx: Context,
  client: ConsentClient,
  file: string,
  o: ImportOptions,
): Promise<number> {
  const stat = statSync(file);
  const earlier = o.restart ? undefined : readCheckpoint(file);
  if (o.restart) removeCheckpoint(file);
  const refusedFile = `${file}.refused.csv`;
  if (!earlier) appendFileSync(refusedFile, 'row,code,field,message\n', { flag: 'w' });
  else ctx.err(`resuming after row ${earlier.rows} (${earlier.imported} imported before)`);
  const checkpoint: ImportCheckpoint = earlier ?? {
    size: stat.size,
    mtimeMs: stat.mtimeMs,
    startedAtMs: Date.now(),
    header: [],
    offset: 0,
    rows: 0,
    imported: 0,
    refused: 0,
  };
  const bar = progress(ctx, stat.size, o.json);
  bar.start(checkpoint.offset, checkpoint.rows);
  const startedAt = Date.now();
  const firstRow = checkpoint.rows;
  // The header is read once: from the file, or from the checkpoint of a resumed import.
  let read: ColumnReader | undefined =
    checkpoint.header.length > 0 ? columns(checkpoint.header, REQUIRED, OPTIONAL) : undefined;
  let chunk: ImportRow[] = [];
  let chunkEnd = checkpoint.offset;
  // Up to `concurrency` calls in flight (the server works on them on both cores); answers are
  // taken in file order, so the checkpoint only ever covers a prefix of answered rows.
  const inFlight: {
    rows: number;
    end: number;
    answer: ReturnType<ConsentClient['importConsents']>;
  }[] = [];

  const settleOldest = async (): Promise<void> => {
    const sent = inFlight.shift();
    if (!sent) return;
    const answer = await sent.answer;
    for (const r of answer.reasons) {
      const row = checkpoint.rows + Number(r.index) + 1;
      const message = r.message.replaceAll('"', '""');
      appendFileSync(refusedFile, `${row},${r.code},${r.field},"${message}"\n`);
    }
    checkpoint.rows += sent.rows;
    checkpoint.imported += Number(answer.imported);
    checkpoint.refused += Number(answer.refused);
    checkpoint.offset = sent.end;
    writeCheckpoint(file, checkpoint);
    const speed = ((checkpoint.rows - firstRow) * 1000) / Math.max(1, Date.now() - startedAt);
    bar.update(checkpoint.offset, checkpoint.rows, speed);
  };
  const send = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const answer = client.importConsents(chunk);
    answer.catch(() => undefined); // awaited in order below; not an unhandled rejection meanwhile
    inFlight.push({ rows: chunk.length, end: chunkEnd, answer });
    const sentRows = checkpoint.rows - firstRow + inFlight.reduce((n, f) => n + f.rows, 0);
    chunk = [];
    while (inFlight.length >= o.concurrency) await settleOldest();
    await pace(o.rate, sentRows, startedAt);
  };

  try {
    try {
      for await (const record of readCsv(file, checkpoint.offset)) {
        if (!read) {
          read = columns(record.fields, REQUIRED, OPTIONAL);
          checkpoint.header = record.fields.map((f) => f.trim().toLowerCase());
          checkpoint.offset = chunkEnd = record.bytesRead;
          continue;
        }
        chunk.push(toRow(record.fields, read, checkpoint.startedAtMs));
        chunkEnd = record.bytesRead;
        if (chunk.length >= o.chunkRows) await send();
        if (ctx.interrupted.value) break;
      }
      if (!ctx.interrupted.value) await send();
    } finally {
      // What was sent is answered (or fails) before the checkpoint is final.
      while (inFlight.length > 0) await settleOldest();
    }
  } catch (err) {
    bar.stop();
    if (err instanceof UsageError) throw err;
    ctx.err(`stopped after row ${checkpoint.rows}; run the same command again to resume`);
    return reportFailure(ctx, err, o.json);
  }
  bar.stop();
  const summary = {
    rows: checkpoint.rows,
    imported: checkpoint.imported,
    refused: checkpoint.refused,
    seconds: (Date.now() - startedAt) / 1000,
    rowsPerSecond: Math.round(
      ((checkpoint.rows - firstRow) * 1000) / Math.max(1, Date.now() - startedAt),
    ),
    refusedFile: checkpoint.refused > 0 ? refusedFile : undefined,
  };
  if (ctx.interrupted.value) {
    ctx.err(`interrupted after row ${checkpoint.rows}; run the same command again to resume`);
    return EXIT.interrupted;
  }
  removeCheckpoint(file);
  ctx.out(
    o.json
      ? JSON.stringify(summary)
      : `${summary.imported} imported, ${summary.refused} refused of ${summary.rows} rows (${summary.rowsPerSecond} rows/s)${summary.refusedFile ? `; refused rows in ${summary.refusedFile}` : ''}`,
  );
  return summary.refused > 0 ? EXIT.refused : EXIT.ok;
}
