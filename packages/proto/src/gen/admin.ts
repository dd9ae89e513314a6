import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  BindStatus as _smsgw_v1_BindStatus,
  BindStatus__Output as _smsgw_v1_BindStatus__Output,
} from './smsgw/v1/BindStatus.js';
import type {
  ConnectorStatus as _smsgw_v1_ConnectorStatus,
  ConnectorStatus__Output as _smsgw_v1_ConnectorStatus__Output,
} from './smsgw/v1/ConnectorStatus.js';
import type {
  DispatcherAdminClient as _smsgw_v1_DispatcherAdminClient,
  DispatcherAdminDefinition as _smsgw_v1_DispatcherAdminDefinition,
} from './smsgw/v1/DispatcherAdmin.js';
import type {
  ListConnectorsRequest as _smsgw_v1_ListConnectorsRequest,
  ListConnectorsRequest__Output as _smsgw_v1_ListConnectorsRequest__Output,
} from './smsgw/v1/ListConnectorsRequest.js';
import type {
  ListConnectorsResponse as _smsgw_v1_ListConnectorsResponse,
  ListConnectorsResponse__Output as _smsgw_v1_ListConnectorsResponse__Output,
} from './smsgw/v1/ListConnectorsResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  smsgw: {
    v1: {
      BindStatus: MessageTypeDefinition<_smsgw_v1_BindStatus, _smsgw_v1_BindStatus__Output>;
      ConnectorStatus: MessageTypeDefinition<
        _smsgw_v1_ConnectorStatus,
        _smsgw_v1_ConnectorStatus__Output
      >;
      DispatcherAdmin: SubtypeConstructor<typeof grpc.Client, _smsgw_v1_DispatcherAdminClient> & {
        service: _smsgw_v1_DispatcherAdminDefinition;
      };
      ListConnectorsRequest: MessageTypeDefinition<
        _smsgw_v1_ListConnectorsRequest,
        _smsgw_v1_ListConnectorsRequest__Output
      >;
      ListConnectorsResponse: MessageTypeDefinition<
        _smsgw_v1_ListConnectorsResponse,
        _smsgw_v1_ListConnectorsResponse__Output
      >;
    };
  };
}
