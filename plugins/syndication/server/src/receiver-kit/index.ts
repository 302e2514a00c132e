export { createReceiver } from './receiver';
export type { Receiver, StoredCopy, ReceivedMessage } from './receiver';
export { startSimulator } from './simulator';
export type { Fault, Simulator, SimulatedPortal } from './simulator';
