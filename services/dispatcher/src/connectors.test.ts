import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@smsgw/config';
import { describe, expect, it } from 'vitest';
import { loadDispatcherConfig } from './config.js';
import { loadConnectorsFile, parseConnectors } from './connectors.js';

const base = {
  name: 'carrier-a',
  host: 'smsc.example',
  port: 2775,
  systemId: 'gw',
  passwordEnv: 'CARRIER_A_PASSWORD',
};

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('connectors file', () => {
  it('applies defaults and resolves the password from the env var it names', () => {
    const [c] = parseConnectors({ connectors: [base] }, { CARRIER_A_PASSWORD: 's3cret' });
    expect(c).toMatchObject({
      name: 'carrier-a',
      password: 's3cret',
      binds: 1,
      windowSize: 100,
      bindType: 'transceiver',
      prefixes: [],
      inDoubtPolicy: 'report',
      throughputPerBind: 0,
    });
    expect(c).not.toHaveProperty('passwordEnv');
  });

  it('reads the password from a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'connectors-'));
    writeFileSync(join(dir, 'pw'), 'filepw\n');
    const { passwordEnv: _unused, ...rest } = base;
    expect(
      parseConnectors({ connectors: [{ ...rest, passwordFile: join(dir, 'pw') }] }, {})[0]
        ?.password,
    ).toBe('filepw');
  });

  it('names every problem at once', () => {
    const found = problems(() =>
      parseConnectors(
        {
          connectors: [
            {
              ...base,
              port: 0,
              binds: 0,
              prefixes: ['44'],
              bindType: 'carrier-pigeon',
              surprise: 1,
            },
            { ...base, passwordEnv: undefined },
          ],
        },
        {},
      ),
    );
    expect(found.join('\n')).toMatch(/connectors\.0\.port/);
    expect(found.join('\n')).toMatch(/connectors\.0\.binds/);
    expect(found.join('\n')).toMatch(/connectors\.0\.prefixes\.0/);
    expect(found.join('\n')).toMatch(/connectors\.0\.bindType/);
    expect(found.join('\n')).toMatch(/surprise/);
    expect(found.join('\n')).toMatch(/connectors\.1\.passwordEnv: set exactly one/);
  });

  it('refuses duplicate names, a missing secret and an over-long password', () => {
    expect(
      problems(() =>
        parseConnectors({ connectors: [base, base] }, { CARRIER_A_PASSWORD: 'x' }),
      ).join(),
    ).toMatch(/unique/);
    expect(problems(() => parseConnectors({ connectors: [base] }, {})).join()).toMatch(
      /CARRIER_A_PASSWORD is not set/,
    );
    expect(
      problems(() =>
        parseConnectors({ connectors: [base] }, { CARRIER_A_PASSWORD: '123456789' }),
      ).join(),
    ).toMatch(/longer than SMPP allows/);
  });

  it('loads the CA of a TLS connector once, at boot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'connectors-'));
    writeFileSync(join(dir, 'ca.pem'), 'PEM');
    const [c] = parseConnectors(
      { connectors: [{ ...base, tls: { caFile: join(dir, 'ca.pem') } }] },
      { CARRIER_A_PASSWORD: 'x' },
    );
    expect(c).toMatchObject({ tls: { rejectUnauthorized: true }, tlsCa: 'PEM' });
    expect(
      problems(() =>
        parseConnectors(
          { connectors: [{ ...base, tls: { caFile: '/nonexistent/ca.pem' } }] },
          { CARRIER_A_PASSWORD: 'x' },
        ),
      ).join(),
    ).toMatch(/tls\.caFile: cannot read/);
  });

  it('reads YAML files as well as JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'connectors-'));
    const file = join(dir, 'connectors.yaml');
    writeFileSync(
      file,
      [
        'connectors:',
        '  - name: carrier-a',
        '    host: smsc.example',
        '    port: 2775',
        '    systemId: gw',
        '    passwordEnv: CARRIER_A_PASSWORD',
        '    bindType: tx+rx',
        '    prefixes: ["+44"]',
        '',
      ].join('\n'),
    );
    expect(loadConnectorsFile(file, { CARRIER_A_PASSWORD: 'pw' })).toMatchObject([
      { name: 'carrier-a', bindType: 'tx+rx', prefixes: ['+44'], password: 'pw' },
    ]);
  });

  it('reports an unreadable file as a config error', () => {
    expect(problems(() => loadConnectorsFile('/nonexistent/connectors.json', {})).join()).toMatch(
      /cannot read connectors file/,
    );
  });

  it('replaces the single-connector env vars in the dispatcher config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'connectors-'));
    const file = join(dir, 'connectors.json');
    writeFileSync(
      file,
      JSON.stringify({
        connectors: [base, { ...base, name: 'carrier-b', prefixes: ['+44'], priority: 1 }],
      }),
    );
    const config = loadDispatcherConfig({
      SMSGW_KAFKA_BROKERS: '127.0.0.1:9092',
      SMSGW_REDIS_URL: 'redis://127.0.0.1:6379',
      SMSGW_DISPATCHER_CONNECTORS_FILE: file,
      CARRIER_A_PASSWORD: 'pw',
    });
    expect(config.connectors.map((c) => c.name)).toEqual(['carrier-a', 'carrier-b']);
    // Without a file, the SMSC env vars are required.
    expect(
      problems(() =>
        loadDispatcherConfig({
          SMSGW_KAFKA_BROKERS: '127.0.0.1:9092',
          SMSGW_REDIS_URL: 'redis://127.0.0.1:6379',
        }),
      ).join('\n'),
    ).toMatch(/SMSGW_DISPATCHER_SMSC_HOST: is required/);
  });
});
