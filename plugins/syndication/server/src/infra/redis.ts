/**
 * The one place that decides which Redis the hub uses and owns its connections.
 *
 * 1. REDIS_CLUSTER_NODES when set: a Redis Cluster (the queue prefix must then carry a
 *    hash tag such as "{syn}", so every key of the queue lives in one slot);
 * 2. REDIS_URL when set (at start it is waited for, up to `startWaitMs`, then refused);
 * 3. else a Redis already listening on 127.0.0.1:6379;
 * 4. else a private redis-server started here: the binary on PATH, or through
 *    redis-memory-server (which can build one on a machine with internet access).
 *    A private server keeps nothing on disk and is stopped with the hub.
 * If none of these works the hub refuses to start, saying what it tried.
 *
 * Every connection, including the ones BullMQ duplicates from ours, is tracked so that
 * stop() can close all of them without waiting for a reconnect, and their errors go to
 * one outage log (redis-outage.ts) instead of a line per connection per retry.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import IORedis, { Cluster, type ClusterNode, type ClusterOptions, type RedisOptions } from 'ioredis';
import { RedisOutage } from './redis-outage';
import { onShutdownSignal, settleWithin } from './shutdown';

export interface RedisLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

/** A single Redis or a Redis Cluster: BullMQ and the dispatcher's gate accept both. */
export type RedisClient = IORedis | Cluster;

const LOCAL_DEFAULT = 'redis://127.0.0.1:6379';
/** A QUIT that has no answer by then (Redis gone) is replaced by a hard disconnect. */
const QUIT_TIMEOUT_MS = 500;
/** Reconnect every 2 s at most, as ioredis does by default, without growing past it. */
const retryStrategy = (times: number) => Math.min(times * 100, 2000);

export interface StartOptions {
  url?: string | null;
  clusterNodes?: string | null;
  log: RedisLogger;
  /** How long a configured Redis (REDIS_URL, REDIS_CLUSTER_NODES) that does not answer is waited for at start. */
  startWaitMs?: number;
}

export interface ClusterTarget {
  nodes: ClusterNode[];
  redisOptions: RedisOptions;
  /** For the log, without passwords. */
  label: string;
}

/**
 * REDIS_CLUSTER_NODES: comma-separated `host:port` (or `redis://[user:password@]host:port`)
 * of some of the cluster's nodes; the others are discovered.
 */
export function parseClusterNodes(raw: string | null | undefined): ClusterTarget | null {
  const entries = (raw ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) return null;
  const redisOptions: RedisOptions = {};
  const nodes = entries.map((entry) => {
    if (entry.includes('://')) {
      const u = new URL(entry);
      if (u.password && !redisOptions.password) {
        redisOptions.password = decodeURIComponent(u.password);
        if (u.username) redisOptions.username = decodeURIComponent(u.username);
      }
      if (u.protocol === 'rediss:') redisOptions.tls = {};
      return { host: u.hostname, port: Number(u.port || 6379) };
    }
    const at = entry.lastIndexOf(':');
    const port = Number(at > 0 ? entry.slice(at + 1) : 6379);
    if (!Number.isInteger(port) || port <= 0) throw new Error(`REDIS_CLUSTER_NODES: "${entry}" is not host:port`);
    return { host: at > 0 ? entry.slice(0, at) : entry, port };
  });
  return { nodes, redisOptions, label: nodes.map((n) => `${n.host}:${n.port}`).join(',') };
}

/** Keeps track of the connections BullMQ makes from ours (Worker's blocking connection). */
class TrackedRedis extends IORedis {
  owner!: RedisSupervisor;
  override duplicate(override?: Partial<RedisOptions>): IORedis {
    return this.owner.adopt(super.duplicate(override));
  }
}

class TrackedCluster extends Cluster {
  owner!: RedisSupervisor;
  override duplicate(overrideStartupNodes?: ClusterNode[], overrideOptions?: ClusterOptions): Cluster {
    return this.owner.adopt(super.duplicate(overrideStartupNodes, overrideOptions));
  }
}

export class RedisSupervisor {
  private child: ChildProcess | null = null;
  private memoryServer: { stop(): Promise<unknown> } | null = null;
  private readonly connections = new Set<RedisClient>();
  private monitor: RedisClient | null = null;
  private stopping = false;
  private readonly outage: RedisOutage;
  private readonly unhookSignal: () => void;
  private exitHook = () => this.child?.kill('SIGKILL');
  /** Set by bootstrap: how many deliveries wait in the database (for the outage reminders). */
  countWaiting: (() => Promise<number>) | null = null;

  private constructor(
    public readonly url: string | null,
    public readonly origin: 'env' | 'local' | 'private' | 'cluster',
    private readonly log: RedisLogger,
    public readonly cluster: ClusterTarget | null = null
  ) {
    const target = cluster ? `Redis Cluster ${cluster.label}` : `Redis ${redact(url ?? '')}`;
    this.outage = new RedisOutage({ target, log, waiting: () => (this.countWaiting ? this.countWaiting() : Promise.reject(new Error('no database'))) });
    // Once a signal arrives, connections are about to be closed on purpose: no outage lines.
    this.unhookSignal = onShutdownSignal(() => this.outage.silence());
  }

  static async start(opts: StartOptions): Promise<RedisSupervisor> {
    const sup = await RedisSupervisor.choose(opts);
    sup.watch();
    return sup;
  }

  private static async choose(opts: StartOptions): Promise<RedisSupervisor> {
    const { log } = opts;
    // A hub or worker started while its Redis restarts (or before it, under a process manager)
    // waits for it with one line in the log, instead of exiting into a restart loop.
    const answersSoon = async (label: string, probe: () => Promise<boolean>): Promise<boolean> => {
      if (await probe()) return true;
      const waitMs = opts.startWaitMs ?? 0;
      if (waitMs <= 0) return false;
      log.warn(`[syndication] ${label} does not answer; waiting up to ${Math.round(waitMs / 1000)} s for it (SYNDICATION_REDIS_START_WAIT_MS)`);
      let stop = false;
      const unhook = onShutdownSignal(() => (stop = true));
      try {
        for (const until = Date.now() + waitMs; Date.now() < until && !stop; ) {
          await new Promise((r) => setTimeout(r, 500));
          if (await probe()) {
            log.info(`[syndication] ${label} answers now`);
            return true;
          }
        }
        return false;
      } finally {
        unhook();
      }
    };
    const cluster = parseClusterNodes(opts.clusterNodes);
    if (cluster) {
      if (!(await answersSoon(`Redis Cluster at REDIS_CLUSTER_NODES (${cluster.label})`, () => pingCluster(cluster)))) {
        throw new Error(`Redis Cluster at REDIS_CLUSTER_NODES (${cluster.label}) does not answer or is not in state "ok". Start it or unset REDIS_CLUSTER_NODES.`);
      }
      log.info(`[syndication] Redis: cluster ${cluster.label} (REDIS_CLUSTER_NODES)`);
      return new RedisSupervisor(null, 'cluster', log, cluster);
    }
    if (opts.url) {
      const url = opts.url;
      if (!(await answersSoon(`Redis at REDIS_URL (${redact(url)})`, () => ping(url)))) {
        throw new Error(`Redis at REDIS_URL (${redact(opts.url)}) does not answer. Start it or unset REDIS_URL to let the hub use or start a local one.`);
      }
      log.info(`[syndication] Redis: ${redact(opts.url)} (REDIS_URL)`);
      return new RedisSupervisor(opts.url, 'env', log);
    }
    if (await ping(LOCAL_DEFAULT)) {
      log.info(`[syndication] Redis: ${LOCAL_DEFAULT} (already running)`);
      return new RedisSupervisor(LOCAL_DEFAULT, 'local', log);
    }
    const tried: string[] = [`REDIS_URL unset`, `nothing answers on ${LOCAL_DEFAULT}`];
    const binary = findOnPath('redis-server');
    if (binary) {
      const port = await freePort();
      const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      const url = `redis://127.0.0.1:${port}`;
      if (await waitFor(url, 5000)) {
        const sup = new RedisSupervisor(url, 'private', log);
        sup.child = child;
        process.once('exit', sup.exitHook);
        child.once('exit', (code, signal) => {
          if (sup.stopping || sup.child !== child) return;
          log.warn(
            `[syndication] the private redis-server on ${url} (pid ${child.pid}) exited (${signal ?? `code ${code}`}). Deliveries wait in the database; restart the hub to start a new Redis.`
          );
        });
        log.info(`[syndication] Redis: started a private redis-server on ${url} (stopped with the hub)`);
        return sup;
      }
      child.kill('SIGKILL');
      tried.push(`${binary} did not start`);
    } else {
      tried.push('no redis-server on PATH');
    }
    try {
      const { RedisMemoryServer } = await import('redis-memory-server');
      const server = await RedisMemoryServer.create();
      const url = `redis://${await server.getHost()}:${await server.getPort()}`;
      const sup = new RedisSupervisor(url, 'private', log);
      sup.memoryServer = server;
      log.info(`[syndication] Redis: started through redis-memory-server on ${url}`);
      return sup;
    } catch (e) {
      tried.push(`redis-memory-server failed: ${(e as Error).message.split('\n')[0]}`);
    }
    throw new Error(`No Redis available for the delivery queue. Tried: ${tried.join('; ')}. Install Redis (apt-get install redis-server) or set REDIS_URL.`);
  }

  /** One connection of our own that tells when Redis goes away and comes back. */
  private watch() {
    const monitor = this.connect({ connectionName: 'syndication-monitor' });
    this.monitor = monitor;
    let wasReady = false;
    monitor.on('ready', () => {
      wasReady = true;
      this.outage.ended();
    });
    monitor.on('close', () => {
      if (wasReady && !this.stopping) this.outage.began('connection lost');
    });
    if (monitor instanceof Cluster) {
      // One node failing while the cluster still serves is not an outage (its 'ready' would
      // never come again to end it): a warning, once a minute per message.
      monitor.on('node error', (e: Error, address: string) => {
        if (this.stopping) return;
        if (this.reachable) this.outage.notice(`Redis node ${address}`, e.message);
        else this.outage.error(`Redis node ${address}`, e);
      });
    }
  }

  /** True while Redis answers (as far as our monitor connection knows). */
  get reachable(): boolean {
    return this.monitor?.status === 'ready';
  }

  /**
   * An 'error' event from BullMQ's Worker or Queue, or a job that failed: a connection
   * error becomes (part of) the outage, anything else is logged.
   */
  noteError(source: string, e: unknown): void {
    if (this.stopping) return;
    this.outage.error(source, e, this.reachable);
  }

  /** A new connection, closed by stop(). BullMQ needs maxRetriesPerRequest: null on workers. */
  connect(extra: RedisOptions = {}): RedisClient {
    let conn: TrackedRedis | TrackedCluster;
    if (this.cluster) {
      conn = new TrackedCluster(this.cluster.nodes, {
        redisOptions: { ...this.cluster.redisOptions, maxRetriesPerRequest: null, enableReadyCheck: true, ...extra },
        clusterRetryStrategy: retryStrategy,
        enableReadyCheck: true,
        // A Cluster takes this option at its top level, not per node.
        ...(extra.enableAutoPipelining ? { enableAutoPipelining: true } : {}),
      });
    } else {
      conn = new TrackedRedis(this.url!, { maxRetriesPerRequest: null, enableReadyCheck: true, retryStrategy, ...extra });
    }
    conn.owner = this;
    return this.adopt(conn);
  }

  /** @internal Tracks a connection made by us or duplicated from ours by BullMQ. */
  adopt<C extends RedisClient>(conn: C): C {
    // ioredis reconnects by itself; an unhandled 'error' event would crash the process.
    conn.on('error', (e: Error) => this.noteError('Redis', e));
    this.connections.add(conn);
    conn.once('end', () => this.connections.delete(conn));
    return conn;
  }

  /**
   * Closes every connection without waiting for a reconnect: QUIT where Redis answers
   * (bounded by QUIT_TIMEOUT_MS), a hard disconnect everywhere else. Commands still
   * queued on a reconnecting connection are rejected, which unblocks whoever awaits them.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.outage.silence();
    this.unhookSignal();
    await Promise.all([...this.connections].map((c) => closeConnection(c)));
    this.connections.clear();
    this.monitor = null;
    if (this.child) {
      const child = this.child;
      this.child = null;
      process.removeListener('exit', this.exitHook);
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      });
    }
    if (this.memoryServer) {
      await this.memoryServer.stop().catch(() => undefined);
      this.memoryServer = null;
    }
  }
}

async function closeConnection(c: RedisClient): Promise<void> {
  if (c.status === 'ready' && (await settleWithin(c.quit().catch(() => undefined), QUIT_TIMEOUT_MS))) return;
  c.disconnect();
}

async function pingCluster(target: ClusterTarget, timeoutMs = 5000): Promise<boolean> {
  const conn = new Cluster(target.nodes, {
    redisOptions: { ...target.redisOptions, connectTimeout: timeoutMs, maxRetriesPerRequest: 0 },
    clusterRetryStrategy: () => null,
    lazyConnect: true,
    enableOfflineQueue: false,
  });
  conn.on('error', () => undefined);
  try {
    const ok = await settleWithin(conn.connect(), timeoutMs);
    if (!ok) return false;
    const info = String(await conn.cluster('INFO'));
    return /cluster_state:ok/.test(info) && (await conn.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    conn.disconnect();
  }
}

export async function ping(url: string, timeoutMs = 1500): Promise<boolean> {
  const conn = new IORedis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  conn.on('error', () => undefined);
  try {
    await conn.connect();
    return (await conn.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    conn.disconnect();
  }
}

async function waitFor(url: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await ping(url, 500)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

function findOnPath(bin: string): string | null {
  const res = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  const found = res.stdout.trim();
  return res.status === 0 && found ? found : null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Hides a password in a redis:// URL before logging it. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):([^@/]*)@/, '//$1:***@');
}
