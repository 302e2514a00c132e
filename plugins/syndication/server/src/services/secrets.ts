/**
 * Portal signing secrets: sealed at rest (domain/secret-box.ts), opened only to sign a
 * delivery or to verify a portal's callback, never returned by an API except once, to
 * the administrator who generated or rotated it.
 *
 * Rotation keeps the previous secret for an overlap window (SYNDICATION_SECRET_OVERLAP_HOURS):
 * during it every delivery carries two signatures in `webhook-signature` (Standard
 * Webhooks allows several, space-separated), so the portal can switch to the new secret
 * whenever it likes without a delivery failing verification.
 */
import type { Core } from '@strapi/strapi';
import { TABLE } from '../constants';
import type { SyndicationConfig } from '../config';
import { createSecretBox, MIN_KEY_LENGTH, type SecretBox } from '../domain/secret-box';
import { newSigningSecret } from '../domain/secrets';
import { getService } from '../utils';

/** A portal row as Strapi returns it (camelCase) or as knex does (snake_case). */
type SecretColumns = {
  secret?: string | null;
  previousSecret?: string | null;
  previous_secret?: string | null;
  previousSecretUntil?: string | Date | null;
  previous_secret_until?: string | Date | null;
};

export const MAX_OVERLAP_HOURS = 24 * 30;

/** Throws, at start, when the at-rest key is missing or too short in production. */
export function assertSecretKey(config: SyndicationConfig): void {
  const production = process.env.NODE_ENV === 'production';
  if (!config.secretKey) {
    throw new Error('SYNDICATION_SECRET_KEY must be set in production: it encrypts the portals\' signing secrets (generate one with `openssl rand -base64 32`; see README, "Production")');
  }
  if (production && config.secretKey.length < MIN_KEY_LENGTH) {
    throw new Error(`SYNDICATION_SECRET_KEY must be at least ${MIN_KEY_LENGTH} characters (generate one with \`openssl rand -base64 32\`)`);
  }
}

const secrets = ({ strapi }: { strapi: Core.Strapi }) => {
  let box: SecretBox | null = null;
  const config = () => strapi.config.get('plugin::syndication') as SyndicationConfig;
  const getBox = () => {
    if (!box) {
      assertSecretKey(config());
      box = createSecretBox({ current: config().secretKey, previous: config().previousSecretKeys });
    }
    return box;
  };

  return {
    seal: (plain: string) => getBox().seal(plain),
    open: (stored: string) => getBox().open(stored),

    /**
     * The secrets a delivery to this portal is signed with, newest first: the current one,
     * plus the previous one while its overlap window lasts.
     */
    signingSecrets(row: SecretColumns, now = Date.now()): string[] {
      const out: string[] = [];
      if (row.secret) out.push(getBox().open(row.secret));
      const previous = row.previousSecret ?? row.previous_secret;
      const until = row.previousSecretUntil ?? row.previous_secret_until;
      if (previous && until && new Date(until).getTime() > now) out.push(getBox().open(previous));
      return out;
    },

    /**
     * Replaces a portal's secret (a new random one unless `secret` is given) and keeps the
     * old one valid for `overlapHours` (default from config; 0 ends it at once).
     * Returns the new secret in clear: the caller shows it once and forgets it.
     */
    async rotate(code: string, opts: { secret?: string; overlapHours?: number } = {}): Promise<{ secret: string; previousSecretValidUntil: string | null }> {
      const current = await getService('portal', strapi).getByCode(code);
      const plain = opts.secret ?? newSigningSecret();
      const overlapMs = Math.min(opts.overlapHours ?? config().secretOverlapHours, MAX_OVERLAP_HOURS) * 3600 * 1000;
      const now = new Date();
      const until = current.secret && overlapMs > 0 ? new Date(now.getTime() + overlapMs) : null;
      await strapi.db.connection(TABLE.portal)
        .where({ code })
        .update({
          secret: getBox().seal(plain),
          previous_secret: until ? current.secret : null,
          previous_secret_until: until,
          secret_rotated_at: now,
          updated_at: now,
        });
      getService('dispatcher', strapi).forgetPortals();
      return { secret: plain, previousSecretValidUntil: until ? until.toISOString() : null };
    },

    /** Ends a rotation's overlap window now: only the new secret signs from here on. */
    async endOverlap(code: string): Promise<void> {
      await getService('portal', strapi).getByCode(code);
      await strapi.db.connection(TABLE.portal).where({ code }).update({ previous_secret: null, previous_secret_until: null });
      getService('dispatcher', strapi).forgetPortals();
    },

    /**
     * Every portal's current secret in clear, for in-process tools that play the portals
     * (the demo's and the tests' simulators). No route exposes it.
     */
    async openAll(): Promise<{ code: string; secret: string }[]> {
      const rows = await strapi.db.connection(TABLE.portal).select('code', 'secret').orderBy('code');
      return rows.map((r: { code: string; secret: string | null }) => ({ code: r.code, secret: r.secret ? getBox().open(r.secret) : '' }));
    },

    /**
     * On start: seals secrets stored in clear (written before encryption existed) and
     * re-seals those sealed under a previous master key, so SYNDICATION_SECRET_KEYS_PREVIOUS
     * can be emptied after one start with the new key.
     */
    async migrate(): Promise<{ sealed: number }> {
      const b = getBox();
      const knex = strapi.db.connection;
      const rows = await knex(TABLE.portal).select('id', 'secret', 'previous_secret');
      let sealed = 0;
      await knex.transaction(async (trx) => {
        for (const row of rows) {
          const patch: Record<string, string> = {};
          if (row.secret && !b.isCurrent(row.secret)) patch.secret = b.seal(b.open(row.secret));
          if (row.previous_secret && !b.isCurrent(row.previous_secret)) patch.previous_secret = b.seal(b.open(row.previous_secret));
          if (Object.keys(patch).length) {
            await trx(TABLE.portal).where({ id: row.id }).update(patch);
            sealed += 1;
          }
        }
      });
      return { sealed };
    },
  };
};

export type SecretsService = typeof secrets;
export default secrets;
