import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';

/**
 * Where an import stands, beside its file (`<file>.smsgw-import.json`), rewritten after every
 * chunk the server answered: a resumed import starts at the first row not yet answered, with
 * the same evidence time, so rows sent twice are replays the server ignores.
 */
export interface ImportCheckpoint {
  /** The file it belongs to: size and modification time (a changed file is not resumed). */
  size: number;
  mtimeMs: number;
  /** The evidence time of rows without one: fixed for the whole import. */
  startedAtMs: number;
  header: string[];
  /** The byte offset just after the last answered row, and the rows (not the header) done. */
  offset: number;
  rows: number;
  imported: number;
  refused: number;
}

export const checkpointPath = (file: string): string => `${file}.smsgw-import.json`;

/** The checkpoint of an earlier run of this very file, or undefined. */
export function readCheckpoint(file: string): ImportCheckpoint | undefined {
  const path = checkpointPath(file);
  if (!existsSync(path)) return undefined;
  const saved = JSON.parse(readFileSync(path, 'utf8')) as ImportCheckpoint;
  const now = statSync(file);
  return saved.size === now.size && saved.mtimeMs === now.mtimeMs ? saved : undefined;
}

/** Writes the checkpoint atomically (a crash mid-write leaves the previous one). */
export function writeCheckpoint(file: string, checkpoint: ImportCheckpoint): void {
  const path = checkpointPath(file);
  writeFileSync(`${path}.tmp`, JSON.stringify(checkpoint));
  renameSync(`${path}.tmp`, path);
}

export function removeCheckpoint(file: string): void {
  rmSync(checkpointPath(file), { force: true });
}
