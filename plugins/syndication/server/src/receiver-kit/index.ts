export { createReceiver } from './receiver';
export type { Receiver, StoredCopy, ReceivedMessage } from './receiver';
export { startSimulator, TOPOLOGIES } from './simulator';
export type { Fault, Simulator, SimulatedPortal, SimulatorOptions, Topology } from './simulator';
