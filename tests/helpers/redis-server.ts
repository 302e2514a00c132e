/**
 * A private redis-server on its own port, for tests that stop, flush or restart Redis
 * (never the shared one on 6379).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import IORedis from 'ioredis';
import { waitFor } from './hub';

export class PrivateRedis {
  private proc: ChildProcess | null = null;
  constructor(public readonly port: number) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start() {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(`redis on ${this.port}`, () => this.ping(), 10000, 50);
  }

  ping(): Promise<boolean> {
    return require('../../plugins/syndication/dist/server/infra/redis').ping(this.url);
  }

  async flushAll() {
    const c = new IORedis(this.url);
    await c.flushall();
    await c.quit();
  }

  async stop() {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  }
}
