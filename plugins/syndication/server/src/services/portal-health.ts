/**
 * Portal health, written only on transitions (first failure, recovery, 410) and, for the
 * last successful delivery, at most once a minute per portal and process, so the hot path
 * does not write a portal row per attempt. Alerts go to the log and to the event hub
 * ("syndication.alert"), where e-mail or Zalo notifiers can subscribe.
 */
import type { Core } from '@strapi/strapi';
import { TABLE } from '../constants';
import { getService } from '../utils';
import type { SyndicationConfig } from '../config';
import type { PortalRow } from './portal';

/** What health tracking needs of a portal (a registry row or the worker's cached copy). */
type HealthPortal = Pick<PortalRow, 'code' | 'failingSince' | 'healthy'>;

/** A healthy portal's last success is written at most this often (per portal and process). */
export const LAST_SUCCESS_WRITE_EVERY_MS = 60 * 1000;

/** Who pauses a portal that answered 410 Gone, in the audit log. */
const GONE_ACTOR = { type: 'system' as const, id: null, name: 'system (HTTP 410 Gone)' };

export interface SyndicationAlert {
  kind: 'portal-gone' | 'portal-unhealthy' | 'portal-recovered';
  portal: string;
  message: string;
  at: string;
}

const portalHealth = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::syndication') as SyndicationConfig;
  // What this process last wrote, so repeated failures cost nothing.
  const failingSince = new Map<string, number | null>();
  const unhealthy = new Set<string>();
  // When this process last wrote each portal's last success (Date.now()).
  const lastSuccessWritten = new Map<string, number>();

  const alert = (a: Omit<SyndicationAlert, 'at'>) => {
    const full = { ...a, at: new Date().toISOString() };
    strapi.log.warn(`[syndication] ALERT ${a.kind} ${a.portal}: ${a.message}`);
    strapi.eventHub.emit('syndication.alert', full);
  };
  const update = (code: string, data: Record<string, unknown>) => strapi.db.connection(TABLE.portal).where({ code }).update({ ...data, updated_at: new Date() });
  /** Health is advisory: a failed write must not fail the delivery, but it must be seen. */
  const logFailure = (code: string, what: string) => (e: Error) => strapi.log.warn(`[syndication] could not record ${what} of portal ${code}: ${e.message}`);

  return {
    /**
     * Records a successful delivery. A recovery (the portal was failing) is written at once;
     * otherwise only the last success, at most once per LAST_SUCCESS_WRITE_EVERY_MS per portal
     * in this process. Never waits for nor throws from the write: it is the delivery hot path.
     */
    succeeded(p: HealthPortal) {
      const now = Date.now();
      const known = failingSince.has(p.code) ? failingSince.get(p.code) : p.failingSince;
      if (known == null && !unhealthy.has(p.code) && p.healthy !== false) {
        if (now - (lastSuccessWritten.get(p.code) ?? -Infinity) < LAST_SUCCESS_WRITE_EVERY_MS) return;
        lastSuccessWritten.set(p.code, now);
        // Not a change of the portal's configuration: updated_at is left alone.
        void strapi.db
          .connection(TABLE.portal)
          .where({ code: p.code })
          .update({ last_success_at: new Date(now) })
          .catch(logFailure(p.code, 'the last success'));
        return;
      }
      failingSince.set(p.code, null);
      lastSuccessWritten.set(p.code, now);
      const wasUnhealthy = unhealthy.delete(p.code) || p.healthy === false;
      void update(p.code, { failing_since: null, healthy: true, last_success_at: new Date(now) }).catch(logFailure(p.code, 'the recovery'));
      if (wasUnhealthy) alert({ kind: 'portal-recovered', portal: p.code, message: 'Cổng đã nhận tin trở lại / The portal accepts deliveries again' });
    },

    /** Records a failure; returns true when the portal has been failing for longer than the threshold. */
    async failed(p: HealthPortal): Promise<boolean> {
      let since = failingSince.has(p.code) ? failingSince.get(p.code)! : p.failingSince ? new Date(p.failingSince).getTime() : null;
      if (since == null) {
        since = Date.now();
        failingSince.set(p.code, since);
        await update(p.code, { failing_since: new Date(since) }).catch(logFailure(p.code, 'the first failure'));
      }
      const limit = config().unhealthyAfterHours * 3600 * 1000;
      if (Date.now() - since < limit) return false;
      if (!unhealthy.has(p.code)) {
        unhealthy.add(p.code);
        await update(p.code, { healthy: false }).catch(logFailure(p.code, 'the unhealthy state'));
        alert({ kind: 'portal-unhealthy', portal: p.code, message: `Cổng không nhận tin từ ${new Date(since).toISOString()} / Failing since ${new Date(since).toISOString()}` });
      }
      return true;
    },

    /**
     * 410 Gone: the portal says it no longer takes deliveries. Pause it through the portal
     * service, as an administrator's pause (reason, audit entry, cache), unless it is paused
     * already (several 410s in flight at once, or an administrator paused it first); the
     * alert goes out either way. Administrators decide.
     */
    async gone(p: HealthPortal, reason: string) {
      await getService('portal', strapi).pause(p.code, reason, { actor: GONE_ACTOR, onlyIfActive: true });
      alert({ kind: 'portal-gone', portal: p.code, message: reason });
    },

    /** Forgets in-memory state (an administrator resumed or edited the portal). */
    reset(code: string) {
      failingSince.delete(code);
      unhealthy.delete(code);
    },
  };
};

export type PortalHealthService = typeof portalHealth;
export default portalHealth;
