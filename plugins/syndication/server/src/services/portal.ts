/**
 * The portal registry: the 119 component portals, their endpoints and secrets.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ERRORS, UID, type Tier } from '../constants';
import { buildRegistry } from '../domain/registry';
import { newSigningSecret } from '../domain/secrets';
import { nfcDeep } from '../domain/text';
import { getService } from '../utils';
import { jsonList } from '../utils/scope';
import type { AuditActor } from './audit';

export interface PortalRow {
  id: number;
  documentId: string;
  code: string;
  name: string;
  tier: Tier;
  communeType: string | null;
  endpoint: string | null;
  adapter: string;
  secret?: string | null;
  previousSecretUntil?: string | null;
  secretRotatedAt?: string | null;
  publishMode: 'live' | 'review';
  contactEmail: string | null;
  /** E-mail addresses of the admin users who review for this portal (RBAC own-portal condition). */
  editors: string[] | null;
  active: boolean;
  sectionMap: Record<string, string> | null;
  pausedReason: string | null;
  pausedAt: string | null;
  failingSince: string | null;
  lastSuccessAt: string | null;
  healthy: boolean;
  updatedAt: string;
}

/** The JSON shape integrators depend on (issue #2). The secret is write-only. */
export function toApi(p: PortalRow) {
  return {
    code: p.code,
    name: p.name,
    tier: p.tier,
    communeType: p.communeType ?? null,
    endpoint: p.endpoint ?? null,
    adapter: p.adapter,
    publishMode: p.publishMode,
    contactEmail: p.contactEmail ?? null,
    editors: jsonList(p.editors),
    active: Boolean(p.active),
    sectionMap: p.sectionMap ?? {},
    hasSecret: Boolean(p.secret),
    secretRotatedAt: p.secretRotatedAt ?? null,
    // While a rotation's overlap lasts, deliveries carry a signature with each secret.
    previousSecretValidUntil: p.previousSecretUntil && new Date(p.previousSecretUntil).getTime() > Date.now() ? new Date(p.previousSecretUntil).toISOString() : null,
    health: {
      healthy: p.healthy !== false,
      pausedReason: p.pausedReason ?? null,
      pausedAt: p.pausedAt ?? null,
      failingSince: p.failingSince ?? null,
      lastSuccessAt: p.lastSuccessAt ?? null,
    },
    updatedAt: p.updatedAt,
  };
}

export type PortalInput = Partial<Omit<PortalRow, 'id' | 'documentId' | 'healthy' | 'updatedAt'>>;

/** The pause reason recorded when a portal is paused by an update (`active: false`) rather than by the pause action. */
export const PAUSED_BY_UPDATE = 'Tạm dừng khi sửa cổng (active: false) / Paused by an update (active: false)';

const portal = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID.portal);
  const secrets = () => getService('secrets', strapi);

  return {
    toApi,

    /**
     * Seeds the registry from database/data. Idempotent: a portal that exists is left
     * exactly as administrators made it; only missing codes are created.
     */
    async seed(): Promise<{ created: number; existing: number }> {
      const dir = path.join(strapi.dirs.app.root, 'database', 'data');
      const seeds = buildRegistry(
        fs.readFileSync(path.join(dir, 'provincial-bodies.csv'), 'utf8'),
        fs.readFileSync(path.join(dir, 'communes-wards.csv'), 'utf8')
      );
      const existing = new Set((await query().findMany({ select: ['code'] })).map((p: { code: string }) => p.code));
      const missing = seeds.filter((s) => !existing.has(s.code));
      if (missing.length > 0) {
        await strapi.db.transaction(async () => {
          for (const s of missing) {
            await strapi.documents(UID.portal).create({
              data: { ...s, adapter: 'webhook', publishMode: 'live', active: true, secret: secrets().seal(newSigningSecret()), sectionMap: {}, healthy: true },
            });
          }
        });
      }
      return { created: missing.length, existing: existing.size };
    },

    async list(filters: { tier?: Tier; active?: boolean } = {}): Promise<PortalRow[]> {
      const where: Record<string, unknown> = {};
      if (filters.tier) where.tier = filters.tier;
      if (filters.active !== undefined) where.active = filters.active;
      return query().findMany({ where, orderBy: [{ tier: 'asc' }, { code: 'asc' }] });
    },

    async findByCode(code: string): Promise<PortalRow | null> {
      return query().findOne({ where: { code } });
    },

    async getByCode(code: string): Promise<PortalRow> {
      const found = await this.findByCode(code);
      if (!found) throw new errors.NotFoundError(ERRORS.portalNotFound(code));
      return found;
    },

    /**
     * Creates or updates one portal. Input is already validated by the controller.
     * The signing secret is sealed before it is stored; a secret given for an existing
     * portal is a rotation (services/secrets.ts). `generatedSecret` is the secret the hub
     * made for a new portal, to be shown once.
     */
    async upsert(code: string, input: PortalInput): Promise<{ portal: PortalRow; created: boolean; generatedSecret?: string }> {
      const { secret: givenSecret, ...rest } = input;
      const data: Record<string, unknown> = nfcDeep({ ...rest, code });
      const current = await this.findByCode(code);
      if (!current) {
        const plain = givenSecret ?? newSigningSecret();
        data.secret = secrets().seal(plain);
        const doc = await strapi.documents(UID.portal).create({ data });
        return { portal: (await this.findByCode(doc.code as string))!, created: true, generatedSecret: givenSecret ? undefined : plain };
      }
      if (givenSecret) await secrets().rotate(code, { secret: givenSecret });
      // Resuming a paused portal clears why it was paused.
      if (data.active === true && !current.active) Object.assign(data, { pausedReason: null, pausedAt: null });
      // Pausing by `active: false` gives no reason: the screens still say when, and how.
      if (data.active === false && current.active) Object.assign(data, { pausedReason: PAUSED_BY_UPDATE, pausedAt: new Date() });
      await strapi.documents(UID.portal).update({ documentId: current.documentId, data });
      getService('dispatcher', strapi).forgetPortals(); // the embedded worker sees the change at once
      return { portal: (await this.findByCode(code))!, created: false };
    },

    /**
     * Stops all delivery to a portal: the one way to pause, for an administrator's decision
     * (services/operations.ts) and for a 410 Gone (services/portal-health.ts). Records why and
     * when, drops the embedded worker's cached portal rows (other worker processes see it
     * within their cache's TTL), forgets the in-memory health state, and writes the
     * `portal.pause` audit entry with the reason. The actor is the current request's
     * (admin user, API token) unless `actor` names another one (the engine, for a 410).
     *
     * `onlyIfActive`: pause only a portal that is not paused yet (one atomic UPDATE), so
     * several 410s in flight at once pause it once and an administrator's reason is kept.
     * Returns the paused portal, or null when nothing was changed (already paused, with
     * `onlyIfActive`; or removed meanwhile).
     */
    async pause(code: string, reason: string, opts: { actor?: AuditActor; onlyIfActive?: boolean } = {}): Promise<PortalRow | null> {
      const before = opts.onlyIfActive ? await this.findByCode(code) : await this.getByCode(code);
      if (!before) return null;
      const now = new Date();
      const { count } = await query().updateMany({
        where: opts.onlyIfActive ? { code, active: true } : { code },
        // updateMany does not stamp updatedAt itself (Strapi's timestamps subscriber only does for arrays).
        data: { active: false, pausedReason: reason, pausedAt: now, updatedAt: now },
      });
      if (!count) return null;
      getService('dispatcher', strapi).forgetPortals(); // the embedded worker sees the pause at once
      getService('portalHealth', strapi).reset(code);
      const after = await this.getByCode(code);
      // Outside a request (the engine) no request's context may lend its user or address.
      const audit = opts.actor ? { actor: opts.actor, ctx: {} } : {};
      await getService('audit', strapi).portalChange(code, before, after, { ...audit, details: { reason } });
      return after;
    },
  };
};

export type PortalService = typeof portal;
export default portal;
