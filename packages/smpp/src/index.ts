export * from './pdu-codec.js';
export * from './frame-reader.js';
export * from './command-status.js';
export * from './smpp-connection.js';
export * from './esme-session.js';
export * from './smsc-simulator.js';
export * from './submit-fields.js';
export * from './delivery.js';
