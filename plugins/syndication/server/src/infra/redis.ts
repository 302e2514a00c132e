/**
 * The one place that decides which Redis the hub uses and owns its connections.
 *
 * 1. REDIS_URL when set (it must answer at start);
 * 2. else a Redis already listening on 127.0.0.1:6379;
 * 3. else a private redis-server started here: the binary on PATH, or through
 *    redis-memory-server (which can build one on a machine with internet access).
 *    A private server keeps nothing on disk and is stopped with the hub.
 * If none of these works the hub refuses to start, saying what it tried.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import IORedis, { type RedisOptions } from 'ioredis';

export interface RedisLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

const LOCAL_DEFAULT = 'redis://127.0.0.1:6379';

export class RedisSupervisor {
  private child: ChildProcess | null = null;
  private memoryServer: { stop(): Promise<unknown> } | null = null;
  private readonly connections = new Set<IORedis>();
  private exitHook = () => this.child?.kill('SIGKILL');

  private constructor(
    public readonly url: string,
    public readonly origin: 'env' | 'local' | 'private'
  ) {}

  static async start(opts: { url?: string | null; log: RedisLogger }): Promise<RedisSupervisor> {
    const { log } = opts;
    if (opts.url) {
      if (!(await ping(opts.url))) {
        throw new Error(`Redis at REDIS_URL (${redact(opts.url)}) does not answer. Start it or unset REDIS_URL to let the hub use or start a local one.`);
      }
      log.info(`[syndication] Redis: ${redact(opts.url)} (REDIS_URL)`);
      return new RedisSupervisor(opts.url, 'env');
    }
    if (await ping(LOCAL_DEFAULT)) {
      log.info(`[syndication] Redis: ${LOCAL_DEFAULT} (already running)`);
      return new RedisSupervisor(LOCAL_DEFAULT, 'local');
    }
    const tried: string[] = [`REDIS_URL unset`, `nothing answers on ${LOCAL_DEFAULT}`];
    const binary = findOnPath('redis-server');
    if (binary) {
      const port = await freePort();
      const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      const url = `redis://127.0.0.1:${port}`;
      if (await waitFor(url, 5000)) {
        const sup = new RedisSupervisor(url, 'private');
        sup.child = child;
        process.once('exit', sup.exitHook);
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
      const sup = new RedisSupervisor(url, 'private');
      sup.memoryServer = server;
      log.info(`[syndication] Redis: started through redis-memory-server on ${url}`);
      return sup;
    } catch (e) {
      tried.push(`redis-memory-server failed: ${(e as Error).message.split('\n')[0]}`);
    }
    throw new Error(`No Redis available for the delivery queue. Tried: ${tried.join('; ')}. Install Redis (apt-get install redis-server) or set REDIS_URL.`);
  }

  /** A new connection, closed by stop(). BullMQ needs maxRetriesPerRequest: null on workers. */
  connect(extra: RedisOptions = {}): IORedis {
    const conn = new IORedis(this.url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...extra });
    // ioredis reconnects by itself; an unhandled 'error' event would crash the process.
    conn.on('error', () => undefined);
    this.connections.add(conn);
    conn.once('end', () => this.connections.delete(conn));
    return conn;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.connections].map((c) => c.quit().catch(() => c.disconnect())));
    this.connections.clear();
    if (this.child) {
      const child = this.child;
      this.child = null;
      process.removeListener('exit', this.exitHook);
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
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
