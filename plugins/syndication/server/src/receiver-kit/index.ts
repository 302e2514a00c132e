export { createReceiver } from './receiver';
export { sendReviewDecision } from './callback';
export type { ReviewDecision, CallbackResult } from './callback';
export type { DeliveryData, DeliveryMessage, Receiver, StoredCopy, ReceivedMessage } from './receiver';
export { startSimulator, TOPOLOGIES } from './simulator';
export type { Fault, Simulator, SimulatedPortal, SimulatorOptions, Topology } from './simulator';
