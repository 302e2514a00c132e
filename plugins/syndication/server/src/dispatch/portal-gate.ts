/**
 * The portal gate: decides whether an attempt may start now.
 *
 *  - Retry-After: a portal that answered 429 with Retry-After is not called again before
 *    then, by any worker process (a key in Redis with that expiry);
 *  - in-flight cap: at most `portalConcurrency` requests to one portal per process
 *    (its connection pool has that many sockets, see adapters/webhook.ts);
 *  - per-record lock: two jobs of the same record (an old version's retry and a new
 *    version) never run at once, so a portal never sees versions out of order.
 *
 * Denied attempts are told when to come back; the dispatcher moves their job to
 * "delayed" instead of holding a worker slot.
 */
import type { RedisClient } from '../infra/redis';

const BUSY_RETRY_MS = 150;

/**
 * One round trip per attempt: read the portal's Retry-After block and, only when it is not
 * blocked, take the record's lock. A script rather than MULTI because ioredis builds a
 * whole Pipeline object per MULTI, which was the largest allocation on the hot path; and a
 * blocked portal no longer costs a lock taken and deleted again. Both keys carry the queue
 * prefix's hash tag, so they live in one Redis Cluster slot.
 *   KEYS: not-before key, lock key; ARGV: owner, lock TTL (ms), now (ms)
 *   → { not-before (ms, 0 when none), 1 when the lock was taken else 0 }
 */
const ENTER_SCRIPT = `
local notBefore = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if notBefore > tonumber(ARGV[3]) then return { notBefore, 0 } end
if redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2], 'NX') then return { notBefore, 1 } end
return { notBefore, 0 }
`;
const ENTER_COMMAND = 'synPortalGateEnter';

type GateRedis = RedisClient & { [ENTER_COMMAND](notBeforeKey: string, lockKey: string, owner: string, ttlMs: number, now: number): Promise<[number, number]> };

export type GateDecision = { ok: true; release(): Promise<void> } | { ok: false; retryAt: number };

export interface PortalGate {
  enter(portalCode: string, deliveryId: number, owner: string): Promise<GateDecision>;
  /** The portal asked not to be called before `until` (ms since epoch). */
  block(portalCode: string, until: number): Promise<void>;
  inFlight(portalCode: string): number;
}

export function createPortalGate(opts: { redis: RedisClient; prefix: string; portalConcurrency: number; lockTtlMs: number; random?: () => number }): PortalGate {
  const { prefix } = opts;
  const redis = opts.redis as GateRedis;
  // defineCommand sends EVALSHA and falls back to EVAL after a Redis restart (NOSCRIPT).
  if (typeof redis[ENTER_COMMAND] !== 'function') redis.defineCommand(ENTER_COMMAND, { numberOfKeys: 2, lua: ENTER_SCRIPT });
  const random = opts.random ?? Math.random;
  const inFlight = new Map<string, number>();
  const notBeforeKey = (code: string) => `${prefix}:portal:${code}:not-before`;
  const lockKey = (id: number) => `${prefix}:delivery:${id}:lock`;
  const busyUntil = () => Date.now() + BUSY_RETRY_MS + Math.floor(random() * BUSY_RETRY_MS);

  // Locks released in one tick go in one DEL (their keys share the prefix's hash tag, so one slot).
  let releasing: string[] = [];
  let released: Promise<void> | null = null;
  const unlock = (key: string): Promise<void> => {
    releasing.push(key);
    released ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        const keys = releasing;
        releasing = [];
        released = null;
        // A lock left behind expires with its TTL: the next attempt only waits.
        redis.del(...keys).then(() => resolve(), () => resolve());
      })
    );
    return released;
  };

  return {
    async enter(code, deliveryId, owner) {
      // Checked before Redis: a portal at its cap costs no round trip.
      if ((inFlight.get(code) ?? 0) >= opts.portalConcurrency) return { ok: false, retryAt: busyUntil() };
      const [blockedUntil, locked] = await redis[ENTER_COMMAND](notBeforeKey(code), lockKey(deliveryId), owner, opts.lockTtlMs, Date.now());
      // Re-checked after the await: other attempts of this portal may have entered meanwhile.
      if (blockedUntil > Date.now() || !locked || (inFlight.get(code) ?? 0) >= opts.portalConcurrency) {
        if (locked) await redis.del(lockKey(deliveryId));
        return { ok: false, retryAt: Math.max(blockedUntil, busyUntil()) };
      }
      inFlight.set(code, (inFlight.get(code) ?? 0) + 1);
      let done = false;
      return {
        ok: true,
        async release() {
          if (done) return;
          done = true;
          const n = (inFlight.get(code) ?? 1) - 1;
          if (n > 0) inFlight.set(code, n);
          else inFlight.delete(code);
          await unlock(lockKey(deliveryId));
        },
      };
    },

    async block(code, until) {
      const ms = until - Date.now();
      if (ms > 0) await redis.set(notBeforeKey(code), String(until), 'PX', Math.ceil(ms));
    },

    inFlight: (code) => inFlight.get(code) ?? 0,
  };
}
