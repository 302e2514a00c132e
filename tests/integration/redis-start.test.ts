/**
 * A hub or worker started while its Redis is not up yet (a restart, or a process manager
 * starting everything at once) waits for it instead of exiting; past the wait it refuses
 * with a clear message. Real redis-server processes on loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { RedisSupervisor, freePort } from '../../plugins/syndication/server/src/infra/redis';

const lines: string[] = [];
const log = { info: (m: string) => lines.push(`info ${m}`), warn: (m: string) => lines.push(`warn ${m}`) };
let server: ChildProcess | null = null;

afterEach(() => {
  server?.kill('SIGKILL');
  server = null;
  lines.length = 0;
});

it('waits for a REDIS_URL that starts answering later, saying so once', async () => {
  const port = await freePort();
  const started = Date.now();
  const late = setTimeout(() => {
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  }, 2000);
  try {
    const sup = await RedisSupervisor.start({ url: `redis://127.0.0.1:${port}`, startWaitMs: 20000, log });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    const conn = sup.connect();
    expect(await conn.ping()).toBe('PONG');
    await sup.stop();
  } finally {
    clearTimeout(late);
  }
  expect(lines.filter((l) => l.startsWith('warn') && l.includes('waiting up to 20 s'))).toHaveLength(1);
  expect(lines.some((l) => l.includes('answers now'))).toBe(true);
});

it('refuses to start, naming the address, when it does not answer within the wait', async () => {
  const port = await freePort();
  const started = Date.now();
  await expect(RedisSupervisor.start({ url: `redis://127.0.0.1:${port}`, startWaitMs: 1500, log })).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${port}.*does not answer`));
  expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  expect(Date.now() - started).toBeLessThan(10000);
});
