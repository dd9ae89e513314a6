import { GatewayError, parseE164, type Clock, type Principal, type Reason } from '@smsgw/core';
import {
  authorize,
  toServiceError,
  invalidUtf8Field,
  unary,
  type Authenticator,
  type ServerReadableStream,
  type ServerWritableStream,
  type UnaryHooks,
  type sendUnaryData,
} from '@smsgw/grpc';
import type {
  ConsentEvidence as EvidenceProto,
  ConsentEvidence__Output,
  ConsentPurpose__Output,
  ConsentRecord,
  ConsentServiceHandlers,
} from '@smsgw/proto';
import type { ConsentEvidence, ConsentPurpose, ConsentStore, RecipientRef } from '@smsgw/redis';
import type { BloomRegistry } from '../bloom-registry.js';
import type { RecipientRefs } from '../recipient-refs.js';

/** Dependencies of {@link createConsentService}. */
export interface ConsentServiceDeps {
  authenticator: Authenticator;
  consent: ConsentStore;
  blooms: BloomRegistry;
  clock: Clock;
  recipients: RecipientRefs;
  hooks: UnaryHooks;
}

const PURPOSES: Record<string, ConsentPurpose> = {
  PURPOSE_TRANSACTIONAL: 'TRANSACTIONAL',
  PURPOSE_MARKETING: 'MARKETING',
};
const invalid = (code: string, field: string, message: string, index?: number): Reason => ({
  code,
  field,
  message,
  ...(index === undefined ? {} : { index }),
});

/** The recipient in E.164, or INVALID_NUMBER. */
function validRecipient(recipient: string): string {
  const phone = parseE164(recipient);
  if (!phone)
    throw new GatewayError('INVALID_ARGUMENT', 'invalid recipient', {
      reasons: [invalid('INVALID_NUMBER', 'recipient', 'recipient must be a valid E.164 number')],
    });
  return phone.e164;
}

async function recipientRef(
  principal: Principal,
  recipient: string,
  recipients: RecipientRefs,
): Promise<RecipientRef> {
  const e164 = validRecipient(recipient);
  const [ref] = await recipients.resolve([{ tenantId: principal.tenant.id, e164 }]);
  return ref as RecipientRef;
}

function purposeOf(purpose: ConsentPurpose__Output): ConsentPurpose {
  const p = PURPOSES[purpose];
  if (!p)
    throw new GatewayError('INVALID_ARGUMENT', 'invalid purpose', {
      reasons: [
        invalid(
          'INVALID_PURPOSE',
          'purpose',
          'purpose must be PURPOSE_TRANSACTIONAL or PURPOSE_MARKETING',
        ),
      ],
    });
  return p;
}

/**
 * Caps of the evidence strings (proto comments say the same): evidence is kept for years per
 * recipient, so one caller must not be able to store megabytes in it.
 */
const EVIDENCE_CAPS = [
  ['source', 100],
  ['channel', 50],
  ['proofText', 2000],
  ['moMessageId', 64],
] as const;
const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function evidenceOf(e: ConsentEvidence__Output | null, nowMs: number): ConsentEvidence {
  if (!e || e.source.trim() === '') {
    throw new GatewayError('INVALID_ARGUMENT', 'consent needs evidence', {
      reasons: [
        invalid(
          'EVIDENCE_REQUIRED',
          'evidence.source',
          'say where consent was given (evidence.source)',
        ),
      ],
    });
  }
  const tooLong = EVIDENCE_CAPS.filter(([field, max]) => e[field].length > max).map(
    ([field, max]) =>
      invalid('FIELD_TOO_LONG', `evidence.${snake(field)}`, `longer than ${max} characters`),
  );
  if (tooLong.length > 0)
    throw new GatewayError('INVALID_ARGUMENT', 'consent evidence too long', { reasons: tooLong });
  return {
    source: e.source,
    channel: e.channel || 'unknown',
    atMs: Number(e.atMs) || nowMs,
    proofText: e.proofText,
    moMessageId: e.moMessageId,
  };
}

const toProto = (e: ConsentEvidence): EvidenceProto => ({ ...e });
const purposeProto = (p: ConsentPurpose): 'PURPOSE_TRANSACTIONAL' | 'PURPOSE_MARKETING' =>
  p === 'MARKETING' ? 'PURPOSE_MARKETING' : 'PURPOSE_TRANSACTIONAL';

/** smsgw.v1.ConsentService: consent with evidence, history export, imports and forgetting. */
export function createConsentService(deps: ConsentServiceDeps): ConsentServiceHandlers {
  const { consent, hooks } = deps;

  async function write(
    principal: Principal,
    request: {
      recipient: string;
      purpose: ConsentPurpose__Output;
      evidence: ConsentEvidence__Output | null;
    },
    granted: boolean,
  ): Promise<ConsentRecord> {
    const ref = await recipientRef(principal, request.recipient, deps.recipients);
    const purpose = purposeOf(request.purpose);
    const evidence = evidenceOf(request.evidence, deps.clock.nowMs());
    await consent.setConsent(ref, purpose, granted, evidence);
    if (granted) await deps.blooms.add(ref.tenantId, purpose, [ref.h]);
    return { purpose: purposeProto(purpose), granted, evidence: toProto(evidence) };
  }

  return {
    RecordConsent: unary(
      'RecordConsent',
      (call) =>
        write(authorize(call.metadata, deps.authenticator, 'consent:write'), call.request, true),
      hooks,
    ),
    RevokeConsent: unary(
      'RevokeConsent',
      (call) =>
        write(authorize(call.metadata, deps.authenticator, 'consent:write'), call.request, false),
      hooks,
    ),

    GetConsent: unary(
      'GetConsent',
      async (call) => {
        const ref = await recipientRef(
          authorize(call.metadata, deps.authenticator, 'consent:read'),
          call.request.recipient,
          deps.recipients,
        );
        const [state] = await consent.getMany([ref]);
        const records = Object.entries(state?.consents ?? {}).flatMap(([purpose, entry]) =>
          entry
            ? [
                {
                  purpose: purposeProto(purpose as ConsentPurpose),
                  granted: entry.granted,
                  evidence: toProto(entry.evidence),
                },
              ]
            : [],
        );
        return { records, optedOut: state?.optedOut ?? false };
      },
      hooks,
    ),

    ForgetRecipient: unary(
      'ForgetRecipient',
      async (call) => {
        const ref = await recipientRef(
          authorize(call.metadata, deps.authenticator, 'consent:write'),
          call.request.recipient,
          deps.recipients,
        );
        return consent.forget(ref, deps.clock.nowMs());
      },
      hooks,
    ),

    ExportConsentEvidence(call: ServerWritableStream<{ recipient: string }, unknown>) {
      void (async () => {
        try {
          const ref = await recipientRef(
            authorize(call.metadata, deps.authenticator, 'consent:read'),
            call.request.recipient,
            deps.recipients,
          );
          // A page at a time, waiting for the client to drain what was written: a long history
          // or a slow reader holds one page in memory, never the whole history.
          for await (const page of consent.historyPages(ref)) {
            for (const entry of page)
              if (
                !call.write({
                  action: entry.action,
                  purpose: entry.purpose
                    ? purposeProto(entry.purpose)
                    : 'CONSENT_PURPOSE_UNSPECIFIED',
                  evidence: toProto(entry.evidence),
                })
              )
                await new Promise((resolve) => call.once('drain', resolve));
            if (call.cancelled) return;
          }
          call.end();
        } catch (err) {
          // emit('error'), not destroy(err): grpc-js turns an 'error' into the call's status and
          // ends it, while a destroyed stream never sends one and the client waits for its
          // deadline (a refused export hung every caller; the gRPC fuzzer found it).
          call.emit('error', toServiceError(err));
        }
      })();
    },

    ImportConsents(
      call: ServerReadableStream<
        {
          recipient: string;
          purpose: ConsentPurpose__Output;
          evidence: ConsentEvidence__Output | null;
        },
        unknown
      >,
      callback: sendUnaryData<unknown>,
    ) {
      let principal: Principal;
      try {
        principal = authorize(call.metadata, deps.authenticator, 'consent:write');
      } catch (err) {
        callback(toServiceError(err));
        return;
      }
      importStream(call, principal, deps).then(
        (result) => callback(null, result),
        (err: unknown) => callback(toServiceError(err)),
      );
    },
  } as ConsentServiceHandlers;
}

/** Streams rows into the store in pipelined chunks of 1000; bad rows are counted, not fatal. */
async function importStream(
  call: AsyncIterable<{
    recipient: string;
    purpose: ConsentPurpose__Output;
    evidence: ConsentEvidence__Output | null;
  }>,
  principal: Principal,
  deps: ConsentServiceDeps,
): Promise<{ imported: number; refused: number; reasons: Reason[] }> {
  let index = 0;
  let imported = 0;
  const reasons: Reason[] = [];
  let refused = 0;
  let chunk: { e164: string; purpose: ConsentPurpose; evidence: ConsentEvidence }[] = [];
  const flush = async (): Promise<void> => {
    const tenantId = principal.tenant.id;
    const refs = await deps.recipients.resolve(chunk.map((c) => ({ tenantId, e164: c.e164 })));
    const grants = chunk.map((c, i) => ({ ...c, ref: refs[i] as RecipientRef }));
    await deps.consent.grantMany(grants);
    for (const purpose of ['TRANSACTIONAL', 'MARKETING'] as const) {
      await deps.blooms.add(
        tenantId,
        purpose,
        grants.filter((c) => c.purpose === purpose).map((c) => c.ref.h),
      );
    }
    imported += chunk.length;
    chunk = [];
  };
  for await (const row of call) {
    try {
      const badField = invalidUtf8Field(row);
      if (badField !== undefined)
        throw new GatewayError('INVALID_ARGUMENT', `${badField} is not valid UTF-8`, {
          reasons: [
            { code: 'INVALID_STRING_ENCODING', field: badField, message: 'not valid UTF-8' },
          ],
        });
      chunk.push({
        e164: validRecipient(row.recipient),
        purpose: purposeOf(row.purpose),
        evidence: evidenceOf(row.evidence, deps.clock.nowMs()),
      });
    } catch (err) {
      refused++;
      if (reasons.length < 100)
        reasons.push(...((err as GatewayError).reasons ?? []).map((r) => ({ ...r, index })));
    }
    index++;
    if (chunk.length >= 1000) await flush();
  }
  if (chunk.length > 0) await flush();
  return { imported, refused, reasons };
}
