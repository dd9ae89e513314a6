// Original file: ../../proto/smsgw/v1/messaging.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  GetMessageRequest as _smsgw_v1_GetMessageRequest,
  GetMessageRequest__Output as _smsgw_v1_GetMessageRequest__Output,
} from '../../smsgw/v1/GetMessageRequest.js';
import type {
  GetMessageResponse as _smsgw_v1_GetMessageResponse,
  GetMessageResponse__Output as _smsgw_v1_GetMessageResponse__Output,
} from '../../smsgw/v1/GetMessageResponse.js';
import type {
  SendMessageRequest as _smsgw_v1_SendMessageRequest,
  SendMessageRequest__Output as _smsgw_v1_SendMessageRequest__Output,
} from '../../smsgw/v1/SendMessageRequest.js';
import type {
  SendMessageResponse as _smsgw_v1_SendMessageResponse,
  SendMessageResponse__Output as _smsgw_v1_SendMessageResponse__Output,
} from '../../smsgw/v1/SendMessageResponse.js';
import type {
  SendMessagesRequest as _smsgw_v1_SendMessagesRequest,
  SendMessagesRequest__Output as _smsgw_v1_SendMessagesRequest__Output,
} from '../../smsgw/v1/SendMessagesRequest.js';
import type {
  SendMessagesResponse as _smsgw_v1_SendMessagesResponse,
  SendMessagesResponse__Output as _smsgw_v1_SendMessagesResponse__Output,
} from '../../smsgw/v1/SendMessagesResponse.js';

export interface MessagingServiceClient extends grpc.Client {
  GetMessage(
    argument: _smsgw_v1_GetMessageRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_GetMessageResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetMessage(
    argument: _smsgw_v1_GetMessageRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_GetMessageResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetMessage(
    argument: _smsgw_v1_GetMessageRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_GetMessageResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetMessage(
    argument: _smsgw_v1_GetMessageRequest,
    callback: grpc.requestCallback<_smsgw_v1_GetMessageResponse__Output>,
  ): grpc.ClientUnaryCall;
  getMessage(
    argument: _smsgw_v1_GetMessageRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_GetMessageResponse__Output>,
  ): grpc.ClientUnaryCall;
  getMessage(
    argument: _smsgw_v1_GetMessageRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_GetMessageResponse__Output>,
  ): grpc.ClientUnaryCall;
  getMessage(
    argument: _smsgw_v1_GetMessageRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_GetMessageResponse__Output>,
  ): grpc.ClientUnaryCall;
  getMessage(
    argument: _smsgw_v1_GetMessageRequest,
    callback: grpc.requestCallback<_smsgw_v1_GetMessageResponse__Output>,
  ): grpc.ClientUnaryCall;

  SendMessage(
    argument: _smsgw_v1_SendMessageRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_SendMessageResponse__Output>,
  ): grpc.ClientUnaryCall;
  SendMessage(
    argument: _smsgw_v1_SendMessageRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_SendMessageResponse__Output>,
  ): grpc.ClientUnaryCall;
  SendMessage(
    argument: _smsgw_v1_SendMessageRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_SendMessageResponse__Output>,
  ): grpc.ClientUnaryCall;
  SendMessage(
    argument: _smsgw_v1_SendMessageRequest,
    callback: grpc.requestCallback<_smsgw_v1_SendMessageResponse__Output>,
  ): grpc.ClientUnaryCall;
  sendMessage(
    argument: _smsgw_v1_SendMessageRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_SendMessageResponse__Output>,
  ): grpc.ClientUnaryCall;
  sendMessage(
    argument: _smsgw_v1_SendMessageRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_SendMessageResponse__Output>,
  ): grpc.ClientUnaryCall;
  sendMessage(
    argument: _smsgw_v1_SendMessageRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_SendMessageResponse__Output>,
  ): grpc.ClientUnaryCall;
  sendMessage(
    argument: _smsgw_v1_SendMessageRequest,
    callback: grpc.requestCallback<_smsgw_v1_SendMessageResponse__Output>,
  ): grpc.ClientUnaryCall;

  SendMessages(
    argument: _smsgw_v1_SendMessagesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_SendMessagesResponse__Output>,
  ): grpc.ClientUnaryCall;
  SendMessages(
    argument: _smsgw_v1_SendMessagesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_SendMessagesResponse__Output>,
  ): grpc.ClientUnaryCall;
  SendMessages(
    argument: _smsgw_v1_SendMessagesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_SendMessagesResponse__Output>,
  ): grpc.ClientUnaryCall;
  SendMessages(
    argument: _smsgw_v1_SendMessagesRequest,
    callback: grpc.requestCallback<_smsgw_v1_SendMessagesResponse__Output>,
  ): grpc.ClientUnaryCall;
  sendMessages(
    argument: _smsgw_v1_SendMessagesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_SendMessagesResponse__Output>,
  ): grpc.ClientUnaryCall;
  sendMessages(
    argument: _smsgw_v1_SendMessagesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_smsgw_v1_SendMessagesResponse__Output>,
  ): grpc.ClientUnaryCall;
  sendMessages(
    argument: _smsgw_v1_SendMessagesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_smsgw_v1_SendMessagesResponse__Output>,
  ): grpc.ClientUnaryCall;
  sendMessages(
    argument: _smsgw_v1_SendMessagesRequest,
    callback: grpc.requestCallback<_smsgw_v1_SendMessagesResponse__Output>,
  ): grpc.ClientUnaryCall;
}

export interface MessagingServiceHandlers extends grpc.UntypedServiceImplementation {
  GetMessage: grpc.handleUnaryCall<
    _smsgw_v1_GetMessageRequest__Output,
    _smsgw_v1_GetMessageResponse
  >;

  SendMessage: grpc.handleUnaryCall<
    _smsgw_v1_SendMessageRequest__Output,
    _smsgw_v1_SendMessageResponse
  >;

  SendMessages: grpc.handleUnaryCall<
    _smsgw_v1_SendMessagesRequest__Output,
    _smsgw_v1_SendMessagesResponse
  >;
}

export interface MessagingServiceDefinition extends grpc.ServiceDefinition {
  GetMessage: MethodDefinition<
    _smsgw_v1_GetMessageRequest,
    _smsgw_v1_GetMessageResponse,
    _smsgw_v1_GetMessageRequest__Output,
    _smsgw_v1_GetMessageResponse__Output
  >;
  SendMessage: MethodDefinition<
    _smsgw_v1_SendMessageRequest,
    _smsgw_v1_SendMessageResponse,
    _smsgw_v1_SendMessageRequest__Output,
    _smsgw_v1_SendMessageResponse__Output
  >;
  SendMessages: MethodDefinition<
    _smsgw_v1_SendMessagesRequest,
    _smsgw_v1_SendMessagesResponse,
    _smsgw_v1_SendMessagesRequest__Output,
    _smsgw_v1_SendMessagesResponse__Output
  >;
}
