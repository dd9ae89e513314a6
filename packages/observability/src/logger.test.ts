import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

/** What `write` logs, once the stream has passed it on. */
async function logged(write: (logger: ReturnType<typeof createLogger>) => void): Promise<string> {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  write(createLogger({ service: 't', level: 'info', destination: out }));
  await new Promise((resolve) => setImmediate(resolve));
  return chunks.join('');
}

describe('logger', () => {
  it('never logs the command arguments a Redis client attaches to its errors', async () => {
    // As ioredis builds a ReplyError: the failed command with every argument.
    const err = Object.assign(new Error('OOM command not allowed'), {
      command: { name: 'zadd', args: ['smsgw:deferred', '1', 'body +14155550123 Hello Ann'] },
      previousErrors: [
        Object.assign(new Error('READONLY'), { command: { name: 'set', args: ['+14155550123'] } }),
      ],
    });
    const text = await logged((logger) => logger.error({ err }, 'redis write failed'));
    expect(text).toContain('OOM command not allowed');
    expect(text).toContain('zadd');
    expect(text).not.toContain('+14155550123');
    expect(text).not.toContain('Hello Ann');
  });

  it('redacts numbers and bodies logged by mistake', async () => {
    const text = await logged((logger) => logger.info({ to: '+14155550123', body: 'Hi' }, 'oops'));
    expect(text).not.toContain('+14155550123');
  });
});
