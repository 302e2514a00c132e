/**
 * A private 3-master Redis Cluster on loopback: three `redis-server --cluster-enabled yes`
 * on random ports (client and cluster-bus ports both chosen free), each in its own temp
 * directory, joined with `redis-cli --cluster create … --cluster-replicas 0`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import IORedis from 'ioredis';
import { waitFor } from './hub';
import { freePort } from './processes';

const run = promisify(execFile);

export class PrivateRedisCluster {
  readonly ports: number[] = [];
  private procs: ChildProcess[] = [];
  private dir = '';

  /** REDIS_CLUSTER_NODES for the hub. */
  get nodes(): string {
    return this.ports.map((p) => `127.0.0.1:${p}`).join(',');
  }

  async start(masters = 3): Promise<void> {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syn-cluster-'));
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      const bus = await freePort();
      const dir = path.join(this.dir, String(port));
      fs.mkdirSync(dir);
      this.ports.push(port);
      this.procs.push(
        spawn(
          'redis-server',
          ['--port', String(port), '--cluster-port', String(bus), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000', '--dir', dir, '--save', '', '--appendonly', 'no'],
          { stdio: 'ignore' }
        )
      );
    }
    for (const port of this.ports) await waitFor(`cluster node ${port}`, () => this.command(port, 'ping').then((r) => r === 'PONG'), 10000, 50);
    await run('redis-cli', ['--cluster', 'create', ...this.ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30000 });
    await waitFor(
      'cluster state ok on every node',
      async () => (await Promise.all(this.ports.map((p) => this.command(p, 'cluster', 'info')))).every((info) => /cluster_state:ok/.test(String(info))),
      30000,
      100
    );
  }

  /** Every key matching `pattern`, with the port of the node that holds it. */
  async keys(pattern: string): Promise<{ port: number; key: string }[]> {
    const out: { port: number; key: string }[] = [];
    for (const port of this.ports) {
      const keys = (await this.command(port, 'keys', pattern)) as string[];
      out.push(...keys.map((key) => ({ port, key })));
    }
    return out;
  }

  private async command(port: number, name: string, ...args: string[]): Promise<unknown> {
    const c = new IORedis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return await c.call(name, ...args);
    } catch {
      return null;
    } finally {
      c.disconnect();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.exitCode !== null || p.signalCode !== null) return resolve();
            p.once('exit', () => resolve());
            p.kill('SIGKILL');
          })
      )
    );
    this.procs = [];
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
