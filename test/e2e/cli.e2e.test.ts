import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsentClient } from '@smsgw/grpc';
import { waitFor } from '@smsgw/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessGateway, type InProcessGateway } from '../support/in-process-gateway.js';

// The smsgw CLI as a process (its bin, as an operator runs it) against a real gateway.
const BIN = new URL('../../packages/cli/bin/smsgw.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'smsgw-cli-'));
let gateway: InProcessGateway;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: {
      ...process.env,
      SMSGW_INGRESS_ADDRESS: gateway.addresses.ingress,
      SMSGW_COMPLIANCE_ADDRESS: gateway.addresses.compliance,
      SMSGW_ADMIN_ADDRESS: gateway.addresses.admin,
      SMSGW_TOKEN: 'dev-acme-token',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}
const smsgw = (args: string[], env?: Record<string, string>): Promise<Run> => start(args, env).done;
const jsonLines = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  gateway = await startInProcessGateway('cli');
}, 120_000);
afterAll(() => gateway?.stop());

describe('smsgw send and status', () => {
  it('sends one message and follows it to DELIVERED', async () => {
    const sent = await smsgw([
      'send',
      '--to',
      '+14155550181',
      '--from',
      'Acme',
      '--body',
      'Acme: cli test',
    ]);
    expect(sent.code).toBe(0);
    const id = /accepted (\w+)/.exec(sent.stdout)?.[1] ?? '';
    const followed = await smsgw(['status', id, '--follow', '--json', '--timeout', '20']);
    expect(followed.code).toBe(0);
    expect(jsonLines(followed.stdout).map((h) => h.state)).toContain('DELIVERED');
  });

  it('sends every row of a CSV file and reports the refused row (exit 1)', async () => {
    const file = join(dir, 'send.csv');
    writeFileSync(
      file,
      'to,from,body\n+14155550182,Acme,"Acme: row one, with a comma"\nnot-a-number,Acme,Acme: bad\n+14155550183,Acme,"Acme: ""quoted"""\n',
    );
    const run = await smsgw(['send', '--csv', file, '--json']);
    expect(run.code).toBe(1);
    const lines = jsonLines(run.stdout);
    expect(lines.filter((l) => l.messageId)).toHaveLength(2);
    expect(JSON.stringify(lines.find((l) => l.error))).toContain('INVALID_NUMBER');
  });

  it('exits 3 when the gateway cannot be reached, and 2 on a usage error', async () => {
    expect((await smsgw(['status', 'x', '--address', '127.0.0.1:1'])).code).toBe(3);
    expect((await smsgw(['send', '--to', '+14155550184'])).code).toBe(2);
    expect((await smsgw(['no-such-command'])).code).toBe(2);
    expect((await smsgw(['--help'])).code).toBe(0);
  });

  it('never shows a token from the environment in --help', async () => {
    const env = { SMSGW_TOKEN: 'tenant-secret-xyz', SMSGW_ADMIN_TOKEN: 'operator-secret-xyz' };
    for (const command of [['send'], ['status'], ['evaluate'], ['consent', 'import'], ['binds']]) {
      const help = await smsgw([...command, '--help'], env);
      expect(help.stdout, command.join(' ')).toContain('--token');
      expect(help.stdout + help.stderr, command.join(' ')).not.toMatch(/secret-xyz/);
    }
  });
});

describe('smsgw evaluate, binds and token create', () => {
  it('evaluates at a given time: marketing at night in New York is held (exit 0), a refusal exits 1', async () => {
    const consent = createConsentClient(gateway.addresses.compliance, 'dev-acme-token');
    await consent.recordConsent('+12125550185', 'PURPOSE_MARKETING', 'web');
    consent.close();
    const body = 'Acme: deal. Reply STOP to opt out';
    const args = ['evaluate', '--to', '+12125550185', '--from', 'Acme', '--category', 'marketing'];
    const night = await smsgw([...args, '--body', body, '--at', '2026-06-11T03:00:00Z']);
    expect(night.code).toBe(0);
    expect(night.stdout).toMatch(/^DEFER/);
    expect(night.stdout).toContain('held until 2026-06-11T12:00:00.000Z');
    const refused = await smsgw([...args, '--body', 'deal at https://bit.ly/x']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('URL_SHORTENER');
  });

  it('shows binds to an operator token only', async () => {
    const ops = await smsgw(['binds', '--json'], { SMSGW_ADMIN_TOKEN: 'dev-ops-token' });
    expect(ops.code).toBe(0);
    expect(jsonLines(ops.stdout)[0]?.name).toBe('default');
    const tenant = await smsgw(['binds'], { SMSGW_ADMIN_TOKEN: 'dev-acme-token' });
    expect(tenant.code).toBe(1);
    expect(tenant.stderr).toContain('PERMISSION_DENIED');
  });

  it('creates a token and the entry for the tenants file holding only its hash', async () => {
    const run = await smsgw([
      'token',
      'create',
      '--scopes',
      'messages:send,messages:read',
      '--json',
    ]);
    const { token, entry } = JSON.parse(run.stdout) as { token: string; entry: { sha256: string } };
    expect(createHash('sha256').update(token).digest('hex')).toBe(entry.sha256);
    expect((await smsgw(['token', 'create', '--scopes', 'admin,messages:send'])).code).toBe(2);
    expect((await smsgw(['token', 'create', '--scopes', 'everything'])).code).toBe(2);
  });
});

describe('smsgw consent import', () => {
  const ROWS = 10_000;
  const recipient = (i: number): string => `+1646${String(2_000_000 + i)}`;
  const file = join(dir, 'consents.csv');
  const checkpoint = `${file}.smsgw-import.json`;
  const bad = new Set([17, 4_321, 9_999]);
  const HEADER = 'recipient,purpose,source\n';
  const rows = Array.from({ length: ROWS }, (_, i) =>
    bad.has(i) ? `nobody,MARKETING,import` : `${recipient(i)},MARKETING,import`,
  );
  beforeAll(() => writeFileSync(file, `${HEADER}${rows.join('\n')}\n`));
  /**
   * Moves the checkpoint back one chunk, as if the process died after the server had answered
   * that chunk but before the checkpoint was written: the resumed import sends it again.
   */
  function rewindOneChunk(): number {
    const saved = JSON.parse(readFileSync(checkpoint, 'utf8')) as Record<string, number>;
    const back = (saved.rows ?? 0) - 500;
    const badInChunk = [...bad].filter((i) => i >= back && i < back + 500).length;
    const offset = Buffer.byteLength(
      HEADER +
        rows
          .slice(0, back)
          .map((r) => `${r}\n`)
          .join(''),
    );
    const imported = (saved.imported ?? 0) - (500 - badInChunk);
    const refused = (saved.refused ?? 0) - badInChunk;
    writeFileSync(checkpoint, JSON.stringify({ ...saved, rows: back, offset, imported, refused }));
    return back;
  }
  const rowsDone = (): number =>
    existsSync(checkpoint)
      ? (JSON.parse(readFileSync(checkpoint, 'utf8')) as { rows: number }).rows
      : 0;
  const args = ['consent', 'import', file, '--chunk-rows', '500', '--rate', '4000'];

  it('imports 10,000 rows across a kill and an interrupt, each row once, the refused ones reported', async () => {
    // Killed outright (SIGKILL) mid-import: the checkpoint holds the last answered chunk.
    const killed = start(args);
    await waitFor(() => rowsDone() >= 1_000, {
      what: 'a checkpoint past row 1,000',
      timeoutMs: 60_000,
    });
    killed.child.kill('SIGKILL');
    expect((await killed.done).signal).toBe('SIGKILL');
    expect(rowsDone()).toBeLessThan(ROWS);
    const afterKill = rewindOneChunk();

    // Interrupted (SIGINT): it stops at its next checkpoint and says how to resume.
    const interrupted = start(args);
    await waitFor(() => rowsDone() >= afterKill + 1_000, {
      what: 'progress after the resume',
      timeoutMs: 60_000,
    });
    interrupted.child.kill('SIGINT');
    const stopped = await interrupted.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('resume');

    const finished = await smsgw([...args, '--json']);
    expect(finished.code).toBe(1); // three rows were refused
    expect(JSON.parse(finished.stdout)).toMatchObject({
      rows: ROWS,
      refused: 3,
      imported: ROWS - 3,
    });
    expect(existsSync(checkpoint)).toBe(false);
    const report = readFileSync(`${file}.refused.csv`, 'utf8').trim().split('\n').slice(1);
    expect(report.map((l) => Number(l.split(',')[0])).sort((a, b) => a - b)).toEqual(
      [...bad].map((i) => i + 1),
    );

    // The rewound chunk was sent twice; each of its rows has one history entry.
    const consent = createConsentClient(gateway.addresses.compliance, 'dev-acme-token');
    try {
      for (const i of [afterKill, afterKill + 1, afterKill + 499, ROWS - 2]) {
        const history = await consent.exportEvidence(recipient(i));
        expect(
          history.map((h) => h.action),
          recipient(i),
        ).toEqual(['GRANT']);
      }
    } finally {
      consent.close();
    }
  });
});
