/** The Redis outage log policy, cluster node parsing and the prefix rule: no Redis, no network. */
import { isConnectionError, RedisOutage } from '../../plugins/syndication/server/src/infra/redis-outage';
import { parseClusterNodes } from '../../plugins/syndication/server/src/infra/redis';
import config, { configFromEnv, hasHashTag } from '../../plugins/syndication/server/src/config';
import { settleWithin } from '../../plugins/syndication/server/src/infra/shutdown';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' });

function outage() {
  const lines: { level: string; msg: string }[] = [];
  let waiting = 7;
  const o = new RedisOutage({
    target: 'Redis redis://127.0.0.1:6390',
    log: { info: (msg) => lines.push({ level: 'info', msg }), warn: (msg) => lines.push({ level: 'warn', msg }) },
    waiting: async () => waiting,
  });
  return { o, lines, setWaiting: (n: number) => (waiting = n) };
}

describe('RedisOutage', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('one line when it starts, a reminder per minute with duration and waiting deliveries, one when it ends', async () => {
    const { o, lines, setWaiting } = outage();
    // Three connections failing every 2 s for 30 s: still one line.
    for (let t = 0; t < 30000; t += 2000) {
      o.error('worker', refused);
      o.error('queue', refused);
      o.error('Redis', new Error('Connection is closed.'));
      await jest.advanceTimersByTimeAsync(2000);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0].level).toBe('warn');
    expect(lines[0].msg).toMatch(/unreachable \(connect ECONNREFUSED/);

    setWaiting(119);
    await jest.advanceTimersByTimeAsync(30000);
    expect(lines).toHaveLength(2);
    expect(lines[1].msg).toMatch(/still unreachable after 1 min .*119 deliveries wait in the database/);
    await jest.advanceTimersByTimeAsync(59000);
    expect(lines).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1000);
    expect(lines).toHaveLength(3);
    expect(lines[2].msg).toMatch(/still unreachable after 2 min/);

    o.ended();
    expect(lines[3]).toEqual({ level: 'info', msg: expect.stringMatching(/reachable again after 2 min/) });
    await jest.advanceTimersByTimeAsync(180000);
    expect(lines).toHaveLength(4);
    expect(o.down).toBe(false);
  });

  it('a stale connection error while Redis answers starts nothing; other errors are logged once a minute', async () => {
    const { o, lines } = outage();
    o.error('worker', refused, true);
    expect(o.down).toBe(false);
    o.error('queue', new Error('ERR unknown command'));
    o.error('queue', new Error('ERR unknown command'));
    expect(lines.map((l) => l.msg)).toEqual(['[syndication] queue: ERR unknown command']);
    await jest.advanceTimersByTimeAsync(60000);
    o.error('queue', new Error('ERR unknown command'));
    expect(lines).toHaveLength(2);
  });

  it('silenced (shutdown): nothing more is logged', async () => {
    const { o, lines } = outage();
    o.error('worker', refused);
    o.silence();
    await jest.advanceTimersByTimeAsync(300000);
    o.ended();
    o.error('queue', new Error('ERR x'));
    expect(lines).toHaveLength(1);
  });

  it('recognises the errors of an outage', () => {
    expect(isConnectionError(refused)).toBe(true);
    expect(isConnectionError(new Error('Connection is closed.'))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('x'), { name: 'MaxRetriesPerRequestError' }))).toBe(true);
    expect(isConnectionError(new Error('CLUSTERDOWN The cluster is down'))).toBe(true);
    expect(isConnectionError(new Error('ERR wrong number of arguments'))).toBe(false);
    expect(isConnectionError('ECONNREFUSED')).toBe(false);
  });
});

describe('settleWithin', () => {
  it('true when the promise settles in time, false when it hangs', async () => {
    expect(await settleWithin(Promise.resolve(1), 50)).toBe(true);
    expect(await settleWithin(new Promise(() => undefined), 20)).toBe(false);
  });
});

describe('Redis Cluster configuration', () => {
  it('parses REDIS_CLUSTER_NODES', () => {
    expect(parseClusterNodes('')).toBeNull();
    expect(parseClusterNodes(null)).toBeNull();
    const t = parseClusterNodes('127.0.0.1:7000, 10.0.0.2:7001,redis://:s3cret@10.0.0.3:7002')!;
    expect(t.nodes).toEqual([
      { host: '127.0.0.1', port: 7000 },
      { host: '10.0.0.2', port: 7001 },
      { host: '10.0.0.3', port: 7002 },
    ]);
    expect(t.redisOptions.password).toBe('s3cret');
    expect(t.label).not.toMatch(/s3cret/);
    expect(() => parseClusterNodes('host:notaport')).toThrow(/host:port/);
  });

  it('the default prefix is cluster-safe; a cluster refuses a prefix without a hash tag', () => {
    const saved = { ...process.env };
    try {
      delete process.env.SYNDICATION_QUEUE_PREFIX;
      delete process.env.REDIS_CLUSTER_NODES;
      const cfg = configFromEnv();
      expect(cfg.queuePrefix).toBe('{syn}');
      expect(hasHashTag(cfg.queuePrefix)).toBe(true);
      expect(hasHashTag('syn')).toBe(false);
      expect(hasHashTag('{}syn')).toBe(false);
      expect(() => config.validator({ ...cfg, redisClusterNodes: '127.0.0.1:7000' })).not.toThrow();
      expect(() => config.validator({ ...cfg, redisClusterNodes: '127.0.0.1:7000', queuePrefix: 'syn' })).toThrow(/hash tag.*"\{syn\}"/);
      expect(() => config.validator({ ...cfg, queuePrefix: 'syn' })).not.toThrow();
    } finally {
      process.env = saved;
    }
  });
});
