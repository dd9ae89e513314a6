/** SMPP 3.4 §5.1.3 command_status values the gateway acts on. */
export const COMMAND_STATUS = {
  ESME_ROK: 0x00,
  ESME_RINVMSGLEN: 0x01,
  ESME_RINVCMDLEN: 0x02,
  ESME_RINVCMDID: 0x03,
  ESME_RINVBNDSTS: 0x04,
  ESME_RALYBND: 0x05,
  ESME_RSYSERR: 0x08,
  ESME_RINVSRCADR: 0x0a,
  ESME_RINVDSTADR: 0x0b,
  ESME_RBINDFAIL: 0x0d,
  ESME_RINVPASWD: 0x0e,
  ESME_RINVSYSID: 0x0f,
  ESME_RMSGQFUL: 0x14,
  ESME_RTHROTTLED: 0x58,
  /** deliver_sm_resp: temporary application error, the SMSC delivers again later. */
  ESME_RX_T_APPN: 0x64,
  /** deliver_sm_resp: permanent application error, the SMSC must not deliver it again. */
  ESME_RX_P_APPN: 0x65,
  ESME_RUNKNOWNERR: 0xff,
} as const;

/** What the dispatcher does with a submit_sm_resp status. */
export type StatusClass = 'ok' | 'permanent' | 'retryable' | 'session-fatal';

const TABLE: ReadonlyMap<number, StatusClass> = new Map([
  [COMMAND_STATUS.ESME_ROK, 'ok'],
  [COMMAND_STATUS.ESME_RMSGQFUL, 'retryable'],
  [COMMAND_STATUS.ESME_RTHROTTLED, 'retryable'],
  [COMMAND_STATUS.ESME_RSYSERR, 'retryable'],
  [COMMAND_STATUS.ESME_RINVBNDSTS, 'session-fatal'],
  [COMMAND_STATUS.ESME_RINVCMDLEN, 'session-fatal'],
]);

/** Classifies a command_status; anything not listed is permanent for that message. */
export function classifyCommandStatus(status: number): StatusClass {
  return TABLE.get(status) ?? 'permanent';
}

const NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(COMMAND_STATUS).map(([name, value]) => [value, name]),
);

/**
 * The name of a command_status for a metric label: one of the names above, or `other` (an SMSC
 * may answer any 32-bit value; labelling each would let one carrier grow the series without bound).
 */
export function commandStatusName(status: number): string {
  return NAMES.get(status) ?? 'other';
}
