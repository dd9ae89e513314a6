import { describe, expect, it } from 'vitest';
import { SmppNoResponseError } from './smpp-connection.js';

describe('a PDU that got no answer', () => {
  it('may be sent again when it was never written', () => {
    expect(new SmppNoResponseError('closed', 'submit_sm', false).retryable).toBe(true);
  });

  it('is in doubt, never retryable, once written (the carrier may have it)', () => {
    for (const reason of ['timeout', 'mismatched', 'closed'] as const)
      expect(new SmppNoResponseError(reason, 'submit_sm', true).retryable).toBe(false);
  });
});
