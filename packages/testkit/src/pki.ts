import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One certificate of a test PKI: PEM files on disk and their contents. */
export interface TestIdentity {
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
}

/** A throwaway CA and certificates it signed, for TLS and mTLS tests. */
export interface TestPki {
  dir: string;
  caFile: string;
  ca: string;
  /** A certificate for `name` (CN and SAN; servers also get localhost and 127.0.0.1). */
  issue(name: string): TestIdentity;
}

const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });

/**
 * Creates a CA with openssl (present where CI runs). Keys are P-256 in PKCS#8 (what Node,
 * Redis and Kafka's PEM keystores all read), valid for one day.
 */
export function createTestPki(label = 'pki'): TestPki {
  const dir = mkdtempSync(join(tmpdir(), `smsgw-${label}-`));
  const caKey = join(dir, 'ca.key');
  const caFile = join(dir, 'ca.pem');
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', caKey]);
  openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    caKey,
    '-out',
    caFile,
    '-days',
    '1',
    '-subj',
    `/CN=smsgw test CA ${label}`,
  ]);
  let serial = 1;
  return {
    dir,
    caFile,
    ca: readFileSync(caFile, 'utf8'),
    issue(name) {
      const base = join(dir, `${name}-${serial}`);
      const [keyFile, csr, certFile, ext] = ['key.pem', 'csr.pem', 'cert.pem', 'ext.cnf'].map(
        (suffix) => `${base}.${suffix}`,
      ) as [string, string, string, string];
      writeFileSync(ext, `subjectAltName=DNS:${name},DNS:localhost,IP:127.0.0.1\n`);
      openssl([
        'genpkey',
        '-algorithm',
        'EC',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-out',
        keyFile,
      ]);
      openssl(['req', '-new', '-key', keyFile, '-out', csr, '-subj', `/CN=${name}`]);
      openssl([
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        caFile,
        '-CAkey',
        caKey,
        '-set_serial',
        String(serial++),
        '-out',
        certFile,
        '-days',
        '1',
        '-extfile',
        ext,
      ]);
      return {
        certFile,
        keyFile,
        cert: readFileSync(certFile, 'utf8'),
        key: readFileSync(keyFile, 'utf8'),
      };
    },
  };
}
