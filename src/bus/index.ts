/** The bus context's public surface: the port, both adapters, and the edge helper for JSON messages. */
export type { Bus, BusLogger, BusMessage, BusPayload, ConsumeOptions, Consumer, MessageHandler, PublishAck, PublishOptions } from './bus.ts';
export { CONSUME_DEFAULTS, DEAD_LETTER_HEADERS, decodeJson, isPermanentFailure } from './bus.ts';
export type { InProcessBusOptions } from './in-process-bus.ts';
export { createInProcessBus } from './in-process-bus.ts';
export type { JetStreamBusOptions, JetStreamBus } from './jetstream-bus.ts';
export { connectJetStreamBus } from './jetstream-bus.ts';
export { subjectMatches } from './subject.ts';
