// Original file: ../../proto/smsgw/v1/admin.proto

import type {
  BindStatus as _smsgw_v1_BindStatus,
  BindStatus__Output as _smsgw_v1_BindStatus__Output,
} from '../../smsgw/v1/BindStatus.js';

export interface ConnectorStatus {
  name?: string;
  host?: string;
  port?: number;
  tls?: boolean;
  prefixes?: string[];
  priority?: number;
  breakerState?: string;
  binds?: _smsgw_v1_BindStatus[];
  submitsPerSecond?: number | string;
  bindType?: string;
  alphabet?: string;
  longMessage?: string;
  inDoubtPolicy?: string;
}

export interface ConnectorStatus__Output {
  name: string;
  host: string;
  port: number;
  tls: boolean;
  prefixes: string[];
  priority: number;
  breakerState: string;
  binds: _smsgw_v1_BindStatus__Output[];
  submitsPerSecond: number;
  bindType: string;
  alphabet: string;
  longMessage: string;
  inDoubtPolicy: string;
}
