/**
 * Portal simulator: one reference receiver per portal, each on its own loopback port
 * (as real portals are separate servers), with a fault knob per portal. Used by the
 * demo, the integration tests and the benchmarks. Loopback only, by construction.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReceiver, type Receiver } from './receiver';

export type Fault =
  | { mode: 'healthy' }
  | { mode: 'slow'; delayMs: number }
  | { mode: 'hang' }
  | { mode: 'error'; status?: number }
  | { mode: 'rate-limit'; retryAfterSec: number }
  | { mode: 'gone' }
  | { mode: 'flaky'; failureRate: number }
  | { mode: 'down-until'; until: number };

export interface SimulatedPortal {
  code: string;
  port: number;
  endpoint: string;
  receiver: Receiver;
  fault: Fault;
  /** Arrival time of every request, whatever the answer. */
  requests: number[];
}

export interface Simulator {
  portals: Map<string, SimulatedPortal>;
  setFault(code: string, fault: Fault): void;
  /** Every delivered message, all portals. */
  totalAccepted(): number;
  close(): Promise<void>;
}

export async function startSimulator(opts: { portals: { code: string; secret: string }[]; basePort?: number; random?: () => number }): Promise<Simulator> {
  const random = opts.random ?? Math.random;
  const portals = new Map<string, SimulatedPortal>();
  const servers: http.Server[] = [];
  const hanging = new Map<string, Set<http.ServerResponse>>();

  await Promise.all(
    opts.portals.map(async ({ code, secret }, index) => {
      const sim: SimulatedPortal = { code, port: 0, endpoint: '', receiver: createReceiver({ code, secret }), fault: { mode: 'healthy' }, requests: [] };
      const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
          sim.requests.push(Date.now());
          const body = Buffer.concat(chunks).toString('utf8');
          const fault = sim.fault;
          const fail = (status: number, headers: Record<string, string> = {}) => {
            res.writeHead(status, { 'content-type': 'application/json', ...headers });
            res.end(JSON.stringify({ error: `simulated ${status}` }));
          };
          switch (fault.mode) {
            case 'hang': {
              const set = hanging.get(code) ?? new Set();
              hanging.set(code, set);
              set.add(res);
              res.on('close', () => set.delete(res));
              return undefined;
            }
            case 'slow':
              return void setTimeout(() => sim.receiver.handle(req, res, body), fault.delayMs);
            case 'error':
              return fail(fault.status ?? 500);
            case 'rate-limit':
              return fail(429, { 'retry-after': String(fault.retryAfterSec) });
            case 'gone':
              return fail(410);
            case 'flaky':
              return random() < fault.failureRate ? fail(503) : sim.receiver.handle(req, res, body);
            case 'down-until':
              return Date.now() < fault.until ? fail(503) : sim.receiver.handle(req, res, body);
            default:
              return sim.receiver.handle(req, res, body);
          }
        });
      });
      server.keepAliveTimeout = 30000;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.basePort ? opts.basePort + index : 0, '127.0.0.1', () => resolve());
      });
      sim.port = (server.address() as AddressInfo).port;
      sim.endpoint = `http://127.0.0.1:${sim.port}/inbox`;
      servers.push(server);
      portals.set(code, sim);
    })
  );

  return {
    portals,
    setFault(code, fault) {
      const sim = portals.get(code);
      if (!sim) throw new Error(`no simulated portal ${code}`);
      sim.fault = fault;
      if (fault.mode !== 'hang') {
        for (const res of hanging.get(code) ?? []) res.destroy();
      }
    },
    totalAccepted() {
      let n = 0;
      for (const p of portals.values()) n += p.receiver.accepted.length;
      return n;
    },
    async close() {
      for (const set of hanging.values()) for (const res of set) res.destroy();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            })
        )
      );
    },
  };
}
