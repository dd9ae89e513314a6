import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  AcceptedEvent as _smsgw_v1_AcceptedEvent,
  AcceptedEvent__Output as _smsgw_v1_AcceptedEvent__Output,
} from './smsgw/v1/AcceptedEvent.js';
import type {
  ApprovedEvent as _smsgw_v1_ApprovedEvent,
  ApprovedEvent__Output as _smsgw_v1_ApprovedEvent__Output,
} from './smsgw/v1/ApprovedEvent.js';
import type {
  InboundMessage as _smsgw_v1_InboundMessage,
  InboundMessage__Output as _smsgw_v1_InboundMessage__Output,
} from './smsgw/v1/InboundMessage.js';
import type {
  Reason as _smsgw_v1_Reason,
  Reason__Output as _smsgw_v1_Reason__Output,
} from './smsgw/v1/Reason.js';
import type {
  SmsMessage as _smsgw_v1_SmsMessage,
  SmsMessage__Output as _smsgw_v1_SmsMessage__Output,
} from './smsgw/v1/SmsMessage.js';
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
      AcceptedEvent: MessageTypeDefinition<
        _smsgw_v1_AcceptedEvent,
        _smsgw_v1_AcceptedEvent__Output
      >;
      ApprovedEvent: MessageTypeDefinition<
        _smsgw_v1_ApprovedEvent,
        _smsgw_v1_ApprovedEvent__Output
      >;
      Category: EnumTypeDefinition;
      InboundMessage: MessageTypeDefinition<
        _smsgw_v1_InboundMessage,
        _smsgw_v1_InboundMessage__Output
      >;
      MessageState: EnumTypeDefinition;
      Reason: MessageTypeDefinition<_smsgw_v1_Reason, _smsgw_v1_Reason__Output>;
      SmsMessage: MessageTypeDefinition<_smsgw_v1_SmsMessage, _smsgw_v1_SmsMessage__Output>;
      StatusEvent: MessageTypeDefinition<_smsgw_v1_StatusEvent, _smsgw_v1_StatusEvent__Output>;
    };
  };
}
