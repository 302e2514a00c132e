/**
 * Portal simulator: one reference receiver per portal, with a fault knob per portal.
 * Two topologies:
 *
 *  - `per-port` (default): each portal on its own loopback port, as separate servers are;
 *  - `shared`: every portal on ONE host and port, a path per portal
 *    (`http://127.0.0.1:P/portals/<code>/inbox`), as the sites of one platform are
 *    (Decision 96, Art. 2.2: the component portals run on the provincial platform).
 *
 * Used by the demo, the integration tests and the benchmarks. Loopback only, by construction.
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

export type Topology = 'per-port' | 'shared';
export const TOPOLOGIES: Topology[] = ['per-port', 'shared'];

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
  topology: Topology;
  portals: Map<string, SimulatedPortal>;
  setFault(code: string, fault: Fault): void;
  /** Every delivered message, all portals. */
  totalAccepted(): number;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  portals: { code: string; secret: string }[];
  topology?: Topology;
  /** per-port: first port (portal i listens on basePort + i); shared: the one port. 0/unset: random free ports. */
  basePort?: number;
  random?: () => number;
}

const SHARED_PATH = /^\/portals\/([^/]+)\/inbox\/?(?:\?.*)?$/;

export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const topology = opts.topology ?? 'per-port';
  const random = opts.random ?? Math.random;
  const portals = new Map<string, SimulatedPortal>();
  const servers: http.Server[] = [];
  const hanging = new Map<string, Set<http.ServerResponse>>();

  /** One request to one simulated portal, with its fault applied. */
  function serve(sim: SimulatedPortal, req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
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
          const set = hanging.get(sim.code) ?? new Set();
          hanging.set(sim.code, set);
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
  }

  async function listen(handler: http.RequestListener, port: number): Promise<number> {
    const server = http.createServer(handler);
    server.keepAliveTimeout = 30000;
    server.maxRequestsPerSocket = 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    servers.push(server);
    return (server.address() as AddressInfo).port;
  }

  const make = ({ code, secret }: { code: string; secret: string }): SimulatedPortal => ({
    code,
    port: 0,
    endpoint: '',
    receiver: createReceiver({ code, secret }),
    fault: { mode: 'healthy' },
    requests: [],
  });

  if (topology === 'shared') {
    for (const p of opts.portals) portals.set(p.code, make(p));
    const port = await listen((req, res) => {
      const match = SHARED_PATH.exec(req.url ?? '');
      const sim = match ? portals.get(decodeURIComponent(match[1])) : undefined;
      if (!sim) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'no such portal' }));
        return;
      }
      serve(sim, req, res);
    }, opts.basePort ?? 0);
    for (const sim of portals.values()) {
      sim.port = port;
      sim.endpoint = `http://127.0.0.1:${port}/portals/${encodeURIComponent(sim.code)}/inbox`;
    }
  } else {
    for (const p of opts.portals) portals.set(p.code, make(p)); // input order, whatever order the ports open in
    await Promise.all(
      opts.portals.map(async (p, index) => {
        const sim = portals.get(p.code)!;
        sim.port = await listen((req, res) => serve(sim, req, res), opts.basePort ? opts.basePort + index : 0);
        sim.endpoint = `http://127.0.0.1:${sim.port}/inbox`;
      })
    );
  }

  return {
    topology,
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
