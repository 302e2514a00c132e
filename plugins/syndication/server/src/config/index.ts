/**
 * Plugin options. Each can be set in config/plugins.ts (`syndication.config`) or, as
 * operators usually do, through the environment variable named beside it.
 */
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule } from '../domain/retry-policy';

export interface SyndicationConfig {
  /** REDIS_URL. Unset: use 127.0.0.1:6379 if it answers, else start a private redis-server. */
  redisUrl: string | null;
  /**
   * REDIS_CLUSTER_NODES: comma-separated host:port of Redis Cluster nodes. When set, the
   * queue runs on the cluster (REDIS_URL is ignored) and queuePrefix must carry a hash tag.
   */
  redisClusterNodes: string | null;
  /** At start, how long a configured Redis that does not answer is waited for before the process refuses to start. */
  redisStartWaitMs: number;
  /** SYNDICATION_EMBEDDED_WORKER (default true): run the delivery worker inside the hub process. */
  embeddedWorker: boolean;
  /** SYNDICATION_CONCURRENCY (default 64): requests in flight per worker process, all portals together. */
  concurrency: number;
  /** SYNDICATION_PORTAL_CONCURRENCY (default 2): requests in flight per portal per worker process (a portal is one small server). */
  portalConcurrency: number;
  /** SYNDICATION_REQUEST_TIMEOUT_MS (default 10000): a portal that has not answered by then is treated as a network failure. */
  requestTimeoutMs: number;
  /** SYNDICATION_RETRY_SCHEDULE: comma-separated delays in seconds between attempts. */
  retrySchedule: number[];
  /** SYNDICATION_RECONCILE_INTERVAL_MS (default 30000): how often open deliveries are checked against the queue. */
  reconcileIntervalMs: number;
  /** SYNDICATION_UNHEALTHY_AFTER_HOURS (default 48): continuous failure after which a portal is marked unhealthy. */
  unhealthyAfterHours: number;
  /**
   * SYNDICATION_QUEUE_PREFIX (default "{syn}"): Redis key prefix; lets several hubs or test runs
   * share one Redis. The braces are a Redis Cluster hash tag: every key of the queue (and the
   * dispatcher's gate keys) hashes to one slot, as BullMQ's multi-key scripts require.
   */
  queuePrefix: string;
  /** SYNDICATION_STALLED_INTERVAL_MS (default 30000): how soon a job held by a dead worker is handed to another. */
  stalledIntervalMs: number;
  /** SYNDICATION_SHUTDOWN_GRACE_MS (default 15000): in-flight requests get this long to finish on shutdown. */
  shutdownGraceMs: number;
  /** SYNDICATION_SEED_REGISTRY (default true): seed the 119 portals and Decision 96 rules on start. */
  seedRegistry: boolean;
  /**
   * SYNDICATION_SECRET_KEY: the key that encrypts portal signing secrets at rest (AES-256-GCM),
   * at least 32 characters (`openssl rand -base64 32`). Required in production at start;
   * generated once into .tmp/dev-secrets.json elsewhere (config/plugins.ts).
   */
  secretKey: string;
  /** SYNDICATION_SECRET_KEYS_PREVIOUS: comma-separated former keys, still accepted to decrypt (key rotation). */
  previousSecretKeys: string[];
  /** SYNDICATION_SECRET_OVERLAP_HOURS (default 24): after a portal secret rotation, the hub signs with both secrets this long. */
  secretOverlapHours: number;
  /**
   * SYNDICATION_STRICT_OUTBOUND (default: true when NODE_ENV=production): portal endpoints must be
   * https and must not resolve to private, loopback, link-local, CGNAT or metadata addresses.
   */
  strictOutbound: boolean;
  /** SYNDICATION_ALLOWED_HOSTS: comma-separated host names or IP addresses exempt from the strict outbound rules (the province's own platform). */
  allowedHosts: string[];
  /** SYNDICATION_NOTIFICATIONS (default true): e-mail editors (items awaiting review) and administrators (failures, deadlines). */
  notifications: boolean;
  /** SYNDICATION_MAIL_INTERVAL_MS (default 30000): how often the notifier looks for something to tell. */
  mailIntervalMs: number;
  /** SYNDICATION_MAIL_DIGEST_WINDOW_MS (default 300000): after a mail, what arrives within this window goes into one digest. */
  mailDigestWindowMs: number;
  /** SYNDICATION_MAIL_OUTBOX: without SMTP settings, also write each mail as an .eml file into this folder (the demo does). */
  mailOutbox: string | null;
  /** SYNDICATION_API_RATE_LIMIT (default 600): requests per minute per API token on /api/syndication (0 = no limit). */
  apiRateLimitPerMinute: number;
  /** SYNDICATION_CALLBACK_RATE_LIMIT (default 120): callback requests per minute per portal (0 = no limit). */
  callbackRateLimitPerMinute: number;
}

export const DEFAULT_QUEUE_PREFIX = '{syn}';

/** A Redis Cluster hash tag: the first "{...}" with something inside decides the slot. */
export const hasHashTag = (prefix: string) => /\{[^}]+\}/.test(prefix);

const int = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw == null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return n;
};

const bool = (name: string, fallback: boolean) => {
  const raw = process.env[name];
  if (raw == null || raw === '') return fallback;
  return !['false', '0', 'no', 'off'].includes(raw.toLowerCase());
};

const list = (raw: string | undefined) => (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export function configFromEnv(): SyndicationConfig {
  return {
    redisUrl: process.env.REDIS_URL || null,
    redisClusterNodes: process.env.REDIS_CLUSTER_NODES || null,
    redisStartWaitMs: int('SYNDICATION_REDIS_START_WAIT_MS', 30000),
    embeddedWorker: bool('SYNDICATION_EMBEDDED_WORKER', true),
    concurrency: int('SYNDICATION_CONCURRENCY', 64),
    portalConcurrency: Math.max(1, int('SYNDICATION_PORTAL_CONCURRENCY', 2)),
    requestTimeoutMs: int('SYNDICATION_REQUEST_TIMEOUT_MS', 10000),
    retrySchedule: parseRetrySchedule(process.env.SYNDICATION_RETRY_SCHEDULE) ?? DEFAULT_RETRY_SCHEDULE,
    reconcileIntervalMs: int('SYNDICATION_RECONCILE_INTERVAL_MS', 30000),
    unhealthyAfterHours: int('SYNDICATION_UNHEALTHY_AFTER_HOURS', 48),
    queuePrefix: process.env.SYNDICATION_QUEUE_PREFIX || DEFAULT_QUEUE_PREFIX,
    stalledIntervalMs: int('SYNDICATION_STALLED_INTERVAL_MS', 30000),
    shutdownGraceMs: int('SYNDICATION_SHUTDOWN_GRACE_MS', 15000),
    seedRegistry: bool('SYNDICATION_SEED_REGISTRY', true),
    secretKey: process.env.SYNDICATION_SECRET_KEY || '',
    previousSecretKeys: list(process.env.SYNDICATION_SECRET_KEYS_PREVIOUS),
    secretOverlapHours: int('SYNDICATION_SECRET_OVERLAP_HOURS', 24),
    strictOutbound: bool('SYNDICATION_STRICT_OUTBOUND', process.env.NODE_ENV === 'production'),
    apiRateLimitPerMinute: int('SYNDICATION_API_RATE_LIMIT', 600),
    callbackRateLimitPerMinute: int('SYNDICATION_CALLBACK_RATE_LIMIT', 120),
    allowedHosts: list(process.env.SYNDICATION_ALLOWED_HOSTS).map((h) => h.toLowerCase()),
    notifications: bool('SYNDICATION_NOTIFICATIONS', true),
    mailIntervalMs: Math.max(100, int('SYNDICATION_MAIL_INTERVAL_MS', 30000)),
    mailDigestWindowMs: int('SYNDICATION_MAIL_DIGEST_WINDOW_MS', 300000),
    mailOutbox: process.env.SYNDICATION_MAIL_OUTBOX || null,
  };
}

export default {
  // Resolved from the environment when Strapi loads the plugin; config/plugins.ts may override any key.
  default: () => configFromEnv(),
  validator(config: SyndicationConfig) {
    if (!Array.isArray(config.retrySchedule) || config.retrySchedule.length === 0) {
      throw new Error('syndication.retrySchedule must be a non-empty array of seconds');
    }
    if (config.concurrency < 1) throw new Error('syndication.concurrency must be at least 1');
    if (config.redisClusterNodes && !hasHashTag(config.queuePrefix)) {
      throw new Error(
        `SYNDICATION_QUEUE_PREFIX "${config.queuePrefix}" has no hash tag: on a Redis Cluster (REDIS_CLUSTER_NODES) the prefix must contain one, e.g. "{${config.queuePrefix}}", so that all the queue's keys live in one slot`
      );
    }
  },
};
