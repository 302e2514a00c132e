/**
 * The worker's view of the portal registry: every portal, re-read at most every
 * `ttlMs` (one query for all of them, not one per delivery). An administrator's pause
 * or endpoint change reaches a separate worker process within that time; in the hub's
 * own process the portal service calls `forget()` at once.
 */
import type { Knex } from 'knex';
import { TABLE, type PublishMode, type Tier } from '../constants';

export interface WorkerPortal {
  code: string;
  tier: Tier;
  endpoint: string | null;
  adapter: string;
  /** Sealed at rest (services/secrets.ts opens them). */
  secret: string | null;
  previousSecret: string | null;
  previousSecretUntil: string | Date | null;
  publishMode: PublishMode;
  active: boolean;
  pausedReason: string | null;
  failingSince: string | null;
  healthy: boolean;
  sectionMap: Record<string, string> | null;
}

interface PortalDbRow {
  code: string;
  tier: Tier;
  endpoint: string | null;
  adapter: string | null;
  secret: string | null;
  previous_secret: string | null;
  previous_secret_until: string | Date | null;
  publish_mode: PublishMode | null;
  active: boolean | number | null;
  paused_reason: string | null;
  failing_since: string | Date | number | null;
  healthy: boolean | number | null;
  section_map: string | Record<string, string> | null;
}

const toWorkerPortal = (r: PortalDbRow): WorkerPortal => ({
  code: r.code,
  tier: r.tier,
  endpoint: r.endpoint,
  adapter: r.adapter ?? 'webhook',
  secret: r.secret,
  previousSecret: r.previous_secret,
  previousSecretUntil: r.previous_secret_until,
  publishMode: r.publish_mode ?? 'live',
  active: Boolean(r.active),
  pausedReason: r.paused_reason,
  failingSince: r.failing_since == null ? null : new Date(r.failing_since as string).toISOString(),
  healthy: r.healthy == null ? true : Boolean(r.healthy),
  sectionMap: typeof r.section_map === 'string' ? (JSON.parse(r.section_map) as Record<string, string>) : r.section_map,
});

export interface PortalCache {
  get(code: string): Promise<WorkerPortal | null>;
  forget(): void;
}

export function createPortalCache(knex: () => Knex, ttlMs: number): PortalCache {
  let loadedAt = 0;
  let portals = new Map<string, WorkerPortal>();
  let loading: Promise<void> | null = null;
  let generation = 0;

  const load = () => {
    if (!loading) {
      const gen = generation;
      loading = (async () => {
        const rows = (await knex()(TABLE.portal).select(
          'code', 'tier', 'endpoint', 'adapter', 'secret', 'previous_secret', 'previous_secret_until', 'publish_mode', 'active', 'paused_reason', 'failing_since', 'healthy', 'section_map'
        )) as PortalDbRow[];
        if (gen !== generation) return; // forgotten while loading: the next call loads again
        portals = new Map(rows.map((r) => [r.code, toWorkerPortal(r)]));
        loadedAt = Date.now();
      })().finally(() => {
        loading = null;
      });
    }
    return loading;
  };

  return {
    async get(code) {
      while (Date.now() - loadedAt >= ttlMs) await load();
      return portals.get(code) ?? null;
    },
    forget() {
      generation += 1;
      loadedAt = 0;
    },
  };
}
