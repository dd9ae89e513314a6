// npm run chaos -- [--repeat N] [--busy every|odd|none] [-t "scenario name"] [--out file.md]
//
// Runs the chaos suite N times in a row, each on a fresh stack (every run is its own vitest run,
// whose global setup starts a new Kafka broker and Redis), and prints one row per scenario and
// repetition with the figures the suite's verdict rests on. With --busy a CPU burner keeps one
// core busy during the chosen repetitions: slowness must never turn into loss.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ScenarioLine {
  scenario: string;
  sent: number;
  accepted: number;
  atSmsc: number;
  duplicatesAtSmsc: number;
  missing: number;
  duplicateTransitions: number;
  multipleTerminal: number;
  unknown: number;
  disruptions: number;
  retriedCalls: number;
}

interface Repetition {
  index: number;
  busy: boolean;
  exitCode: number;
  summary: string;
  scenarios: ScenarioLine[];
  seconds: number;
}

const { values } = parseArgs({
  options: {
    repeat: { type: 'string', default: '1' },
    busy: { type: 'string', default: 'none' },
    t: { type: 'string' },
    out: { type: 'string' },
  },
});
const repeat = Number(values.repeat);
if (!Number.isInteger(repeat) || repeat < 1)
  throw new Error('--repeat takes a whole number of 1 or more');
if (!['every', 'odd', 'none'].includes(values.busy))
  throw new Error('--busy takes every, odd or none');

/** Burns one core until stopped (a machine whose other core is busy, as production machines are). */
function startBurner(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

// vitest colours the lines it relays from a test's console.
const stripColours = (line: string): string => line.replace(/\x1b\[[0-9;]*m/g, '');

function runOnce(index: number, busy: boolean): Promise<Repetition> {
  const started = Date.now();
  const burner = busy ? startBurner() : undefined;
  const args = ['vitest', 'run', '--project', 'chaos', ...(values.t ? ['-t', values.t] : [])];
  const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  const scenarios: ScenarioLine[] = [];
  let summary = '';
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const raw of lines) {
      const line = stripColours(raw);
      const report = /^chaos (\{.*\})\s*$/.exec(line.trim());
      if (report?.[1]) scenarios.push(JSON.parse(report[1]) as ScenarioLine);
      if (/^\d+ passed, \d+ failed/.test(line.trim())) summary = line.trim();
    }
  });
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      burner?.kill('SIGKILL');
      resolve({
        index,
        busy,
        exitCode: code ?? 1,
        summary,
        scenarios,
        seconds: Math.round((Date.now() - started) / 1000),
      });
    });
  });
}

const header =
  '| run | other core | scenario | sent | accepted | at SMSC | duplicates at SMSC | missing | duplicate transitions | several terminal | UNKNOWN | retried calls | result |\n' +
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |';

function rows(r: Repetition): string[] {
  const result =
    r.exitCode === 0 ? `pass (${r.seconds} s)` : `FAIL (${r.summary || `exit ${r.exitCode}`})`;
  if (r.scenarios.length === 0)
    return [
      `| ${r.index} | ${r.busy ? 'busy' : 'idle'} | (no scenario reported) | | | | | | | | | | ${result} |`,
    ];
  return r.scenarios.map(
    (s) =>
      `| ${r.index} | ${r.busy ? 'busy' : 'idle'} | ${s.scenario} | ${s.sent} | ${s.accepted} | ${s.atSmsc} | ${s.duplicatesAtSmsc} | ${s.missing} | ${s.duplicateTransitions} | ${s.multipleTerminal} | ${s.unknown} | ${s.retriedCalls} | ${result} |`,
  );
}

const out = values.out;
if (out) writeFileSync(out, `${header}\n`);
const done: Repetition[] = [];
for (let index = 1; index <= repeat; index++) {
  const busy = values.busy === 'every' || (values.busy === 'odd' && index % 2 === 1);
  console.log(
    `\n=== chaos repetition ${index} of ${repeat}${busy ? ' (other core busy)' : ''} ===`,
  );
  const repetition = await runOnce(index, busy);
  done.push(repetition);
  if (out) appendFileSync(out, `${rows(repetition).join('\n')}\n`);
}
console.log(`\n${header}\n${done.flatMap(rows).join('\n')}`);
const failed = done.filter((r) => r.exitCode !== 0).length;
console.log(`\n${done.length - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
