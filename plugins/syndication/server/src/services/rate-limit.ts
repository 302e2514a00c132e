/**
 * Inbound rate limits (fixed one-minute windows), shared by every hub process through
 * Redis; if Redis is unreachable each process counts on its own rather than refusing
 * everyone. Buckets: one per API token on the content API, one per portal on the
 * callback route (see policies/index.ts).
 */
import type { Core } from '@strapi/strapi';
import type { SyndicationConfig } from '../config';
import type { RedisClient } from '../infra/redis';
import { redisSupervisor } from '../utils';

const WINDOW_MS = 60_000;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends (the Retry-After of a 429). */
  resetSec: number;
}

const rateLimit = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::syndication') as SyndicationConfig;
  const local = new Map<string, { window: number; count: number }>();
  let redis: RedisClient | null = null;

  async function count(key: string, window: number): Promise<number> {
    const supervisor = redisSupervisor(strapi);
    if (!redis && supervisor) redis = supervisor.connect({ maxRetriesPerRequest: 1, connectionName: 'syndication-rate-limit' });
    if (redis && redis.status === 'ready') {
      try {
        // exec() answers null for an aborted transaction: destructuring it throws, and the request is counted locally below.
        const [[, n]] = (await redis.multi().incr(key).pexpire(key, WINDOW_MS * 2).exec()) as [Error | null, unknown][];
        return Number(n);
      } catch {
        /* counted locally below */
      }
    }
    const entry = local.get(key);
    if (!entry || entry.window !== window) {
      if (local.size > 10000) local.clear();
      local.set(key, { window, count: 1 });
      return 1;
    }
    entry.count += 1;
    return entry.count;
  }

  return {
    /** Counts one request in `bucket` and says whether it is within `limit` per minute (0 = unlimited). */
    async hit(bucket: string, limit: number): Promise<RateDecision> {
      const now = Date.now();
      const window = Math.floor(now / WINDOW_MS);
      const resetSec = Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000));
      if (!limit) return { allowed: true, limit, remaining: Infinity, resetSec };
      const n = await count(`${config().queuePrefix}:rate:${bucket}:${window}`, window);
      return { allowed: n <= limit, limit, remaining: Math.max(0, limit - n), resetSec };
    },
  };
};

export type RateLimitService = typeof rateLimit;
export default rateLimit;
