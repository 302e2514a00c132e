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

export type GateDecision = { ok: true; release(): Promise<void> } | { ok: false; retryAt: number };

export interface PortalGate {
  enter(portalCode: string, deliveryId: number, owner: string): Promise<GateDecision>;
  /** The portal asked not to be called before `until` (ms since epoch). */
  block(portalCode: string, until: number): Promise<void>;
  inFlight(portalCode: string): number;
}

export function createPortalGate(opts: { redis: RedisClient; prefix: string; portalConcurrency: number; lockTtlMs: number; random?: () => number }): PortalGate {
  const { redis, prefix } = opts;
  const random = opts.random ?? Math.random;
  const inFlight = new Map<string, number>();
  const notBeforeKey = (code: string) => `${prefix}:portal:${code}:not-before`;
  const lockKey = (id: number) => `${prefix}:delivery:${id}:lock`;
  const busyUntil = () => Date.now() + BUSY_RETRY_MS + Math.floor(random() * BUSY_RETRY_MS);

  return {
    async enter(code, deliveryId, owner) {
      // Checked before Redis: a portal at its cap costs no round trip.
      if ((inFlight.get(code) ?? 0) >= opts.portalConcurrency) return { ok: false, retryAt: busyUntil() };
      const replies = (await redis.multi().get(notBeforeKey(code)).set(lockKey(deliveryId), owner, 'PX', opts.lockTtlMs, 'NX').exec()) ?? [];
      const blockedUntil = Number(replies[0]?.[1]) || 0;
      const locked = replies[1]?.[1] === 'OK';
      // Re-checked after the await: other attempts of this portal may have entered meanwhile.
      if (blockedUntil > Date.now() || !locked || (inFlight.get(code) ?? 0) >= opts.portalConcurrency) {
        if (locked) await redis.del(lockKey(deliveryId));
        return { ok: false, retryAt: Math.max(blockedUntil, busyUntil()) };
      }
      inFlight.set(code, (inFlight.get(code) ?? 0) + 1);
      let released = false;
      return {
        ok: true,
        async release() {
          if (released) return;
          released = true;
          const n = (inFlight.get(code) ?? 1) - 1;
          if (n > 0) inFlight.set(code, n);
          else inFlight.delete(code);
          await redis.del(lockKey(deliveryId)).catch(() => undefined);
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
