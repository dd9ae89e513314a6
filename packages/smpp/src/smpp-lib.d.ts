declare module 'smpp' {
  /** The codec part of the node smpp package that we use. */
  export class PDU {
    constructor(command: string | Buffer, options?: Record<string, unknown>);
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    toBuffer(): Buffer;
    isResponse(): boolean;
  }
  export const commands: Record<
    string,
    { id: number; params?: Record<string, { filter?: unknown }> }
  >;
  export const tlvs: Record<string, { id: number; filter?: unknown }>;
  export const errors: Record<string, number>;
  /** The package's field filters; `time` turns SMPP time strings into Dates and back. */
  export const filters: {
    time: { encode(value: unknown): unknown; decode(value: string): unknown };
  };
}
