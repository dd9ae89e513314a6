// Original file: ../../proto/smsgw/v1/admin.proto

import type {
  ConnectorStatus as _smsgw_v1_ConnectorStatus,
  ConnectorStatus__Output as _smsgw_v1_ConnectorStatus__Output,
} from '../../smsgw/v1/ConnectorStatus.js';

export interface ListConnectorsResponse {
  connectors?: _smsgw_v1_ConnectorStatus[];
}

export interface ListConnectorsResponse__Output {
  connectors: _smsgw_v1_ConnectorStatus__Output[];
}
