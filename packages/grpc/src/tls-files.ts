import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { experimental } from '@grpc/grpc-js';
import { ConfigError } from '@smsgw/config';

type Provider = experimental.CertificateProvider;
type Identity = experimental.IdentityCertificateUpdate;
type Ca = experimental.CaCertificateUpdate;

/**
 * Certificates from PEM files, for grpc-js's certificate-provider credentials: read and checked
 * at once (a missing or mismatched file is a ConfigError at boot, and the first handshake never
 * finds the server without a context, as with grpc-js's own file watcher, which reads
 * asynchronously after the bind and drops connections until then), then re-read every
 * `intervalMs`. A file that changed is taken
 * only once the set parses as a TLS context; until then the last good one is served.
 */
export function tlsFileProvider(
  files: { certFile?: string; keyFile?: string; caFile?: string },
  intervalMs: number,
): Provider & { close(): void } {
  const identityListeners = new Set<(u: Identity | null) => void>();
  const caListeners = new Set<(u: Ca | null) => void>();
  let current = read(files, true) as Loaded;
  const timer = setInterval(() => {
    const next = read(files, false);
    if (!next || next.fingerprint === current.fingerprint) return;
    current = next;
    for (const l of identityListeners) if (current.identity) l(current.identity);
    for (const l of caListeners) if (current.ca) l(current.ca);
  }, intervalMs);
  timer.unref();
  return {
    // Answered on the next microtask, not inside the call: grpc-js subscribes to its providers
    // before it registers the server's watcher, so an answer given at once would reach nobody.
    // A microtask still runs before the server can take its first connection.
    addIdentityCertificateListener(listener) {
      identityListeners.add(listener);
      queueMicrotask(() => current.identity && listener(current.identity));
    },
    removeIdentityCertificateListener: (listener) => void identityListeners.delete(listener),
    addCaCertificateListener(listener) {
      caListeners.add(listener);
      queueMicrotask(() => current.ca && listener(current.ca));
    },
    removeCaCertificateListener: (listener) => void caListeners.delete(listener),
    close: () => clearInterval(timer),
  };
}

interface Loaded {
  identity?: Identity;
  ca?: Ca;
  fingerprint: string;
}

function read(
  files: { certFile?: string; keyFile?: string; caFile?: string },
  atBoot: boolean,
): Loaded | undefined {
  try {
    const load = (f: string | undefined) => (f === undefined ? undefined : readFileSync(f));
    const [cert, key, ca] = [load(files.certFile), load(files.keyFile), load(files.caFile)];
    createSecureContext({ cert, key, ca }); // throws on a bad PEM or a key that is not the cert's
    const loaded: Loaded = {
      fingerprint: [cert, key, ca].map((b) => b?.toString('base64')).join('|'),
    };
    if (cert && key) loaded.identity = { certificate: cert, privateKey: key };
    if (ca) loaded.ca = { caCertificate: ca };
    return loaded;
  } catch (err) {
    if (atBoot)
      throw new ConfigError('gRPC TLS files', [
        `${Object.values(files).join(', ')}: ${(err as Error).message}`,
      ]);
    return undefined; // mid-rotation (one file written, not yet the other): keep the last good
  }
}
