import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  ErrorDetails as _smsgw_v1_ErrorDetails,
  ErrorDetails__Output as _smsgw_v1_ErrorDetails__Output,
} from './smsgw/v1/ErrorDetails.js';
import type {
  GetMessageRequest as _smsgw_v1_GetMessageRequest,
  GetMessageRequest__Output as _smsgw_v1_GetMessageRequest__Output,
} from './smsgw/v1/GetMessageRequest.js';
import type {
  GetMessageResponse as _smsgw_v1_GetMessageResponse,
  GetMessageResponse__Output as _smsgw_v1_GetMessageResponse__Output,
} from './smsgw/v1/GetMessageResponse.js';
import type {
  MessagingServiceClient as _smsgw_v1_MessagingServiceClient,
  MessagingServiceDefinition as _smsgw_v1_MessagingServiceDefinition,
} from './smsgw/v1/MessagingService.js';
import type {
  Reason as _smsgw_v1_Reason,
  Reason__Output as _smsgw_v1_Reason__Output,
} from './smsgw/v1/Reason.js';
import type {
  SendMessageRequest as _smsgw_v1_SendMessageRequest,
  SendMessageRequest__Output as _smsgw_v1_SendMessageRequest__Output,
} from './smsgw/v1/SendMessageRequest.js';
import type {
  SendMessageResponse as _smsgw_v1_SendMessageResponse,
  SendMessageResponse__Output as _smsgw_v1_SendMessageResponse__Output,
} from './smsgw/v1/SendMessageResponse.js';
import type {
  SendMessagesRequest as _smsgw_v1_SendMessagesRequest,
  SendMessagesRequest__Output as _smsgw_v1_SendMessagesRequest__Output,
} from './smsgw/v1/SendMessagesRequest.js';
import type {
  SendMessagesResponse as _smsgw_v1_SendMessagesResponse,
  SendMessagesResponse__Output as _smsgw_v1_SendMessagesResponse__Output,
} from './smsgw/v1/SendMessagesResponse.js';
import type {
  StatusEvent as _smsgw_v1_StatusEvent,
  StatusEvent__Output as _smsgw_v1_StatusEvent__Output,
} from './smsgw/v1/StatusEvent.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  smsgw: {
    v1: {
      Category: EnumTypeDefinition;
      ErrorDetails: MessageTypeDefinition<_smsgw_v1_ErrorDetails, _smsgw_v1_ErrorDetails__Output>;
      GetMessageRequest: MessageTypeDefinition<
        _smsgw_v1_GetMessageRequest,
        _smsgw_v1_GetMessageRequest__Output
      >;
      GetMessageResponse: MessageTypeDefinition<
        _smsgw_v1_GetMessageResponse,
        _smsgw_v1_GetMessageResponse__Output
      >;
      MessageState: EnumTypeDefinition;
      MessagingService: SubtypeConstructor<typeof grpc.Client, _smsgw_v1_MessagingServiceClient> & {
        service: _smsgw_v1_MessagingServiceDefinition;
      };
      Reason: MessageTypeDefinition<_smsgw_v1_Reason, _smsgw_v1_Reason__Output>;
      SendMessageRequest: MessageTypeDefinition<
        _smsgw_v1_SendMessageRequest,
        _smsgw_v1_SendMessageRequest__Output
      >;
      SendMessageResponse: MessageTypeDefinition<
        _smsgw_v1_SendMessageResponse,
        _smsgw_v1_SendMessageResponse__Output
      >;
      SendMessagesRequest: MessageTypeDefinition<
        _smsgw_v1_SendMessagesRequest,
        _smsgw_v1_SendMessagesRequest__Output
      >;
      SendMessagesResponse: MessageTypeDefinition<
        _smsgw_v1_SendMessagesResponse,
        _smsgw_v1_SendMessagesResponse__Output
      >;
      StatusEvent: MessageTypeDefinition<_smsgw_v1_StatusEvent, _smsgw_v1_StatusEvent__Output>;
    };
  };
}
