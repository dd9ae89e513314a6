import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type {} from 'vitest';

// What the global test setup provides to every test file through `inject()`.
declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string[];
    redisUrl: string;
  }
}

/** Options for {@link waitFor}. */
export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Describes what was awaited, for the failure message. */
  what?: string;
}

/**
 * Polls `check` until it returns a value other than undefined/false, and returns it; fails with
 * `what` after the timeout. Tests wait for conditions this way, never for fixed sleeps.
 */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitForOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 50));
  }
  const suffix = lastError ? ` (last error: ${(lastError as Error).message})` : '';
  throw new Error(`timed out waiting for ${options.what ?? 'condition'}${suffix}`);
}

/** A name unique to this run, for topics, groups and namespaces (kafkajs practice: a topic per test). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** Phone numbers in the reserved fictional range (+1 415 555 01xx) for tests. */
export function testNumber(i: number): string {
  return `+1415555${String(100 + (i % 100)).padStart(4, '0')}`;
}

/** A self-signed certificate for 127.0.0.1 / localhost (PEM), made with openssl for TLS tests. */
export interface TestCertificate {
  key: string;
  cert: string;
}

/** Creates a throwaway CA-less certificate with openssl (present on the machines CI runs on). */
export function selfSignedCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'smsgw-cert-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}
export * from './kafka-fault-proxy.js';
export * from './tcp-fault-proxy.js';
export * from './raw-protobuf.js';
export * from './pki.js';
