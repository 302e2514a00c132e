/**
 * Portal scope: which portals' deliveries a request may see or act on.
 *
 * Admin routes check the action with the `admin::hasPermissions` policy, which passes
 * for a permission held with a condition too. Controllers then narrow with
 * `portalScope(ctx, action)`:
 *   - null     → every portal (the permission has no condition, or the request comes
 *                through the content API with an API token, whose actions Strapi checked);
 *   - string[] → only these portal codes (the permission carries the own-portal
 *                condition: the portals whose `editors` list holds the user's e-mail).
 * The condition handler (permissions.ts) is the single source of truth: the scope is
 * the set of portals for which the user's ability allows the action.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ERRORS, TABLE } from '../constants';

export type PortalScope = string[] | null;

/** A JSON column comes back as text on SQLite and parsed on PostgreSQL. */
export const jsonList = (v: unknown): string[] => {
  const parsed = typeof v === 'string' ? safeParse(v) : v;
  return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
};

const safeParse = (v: string) => {
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
};

export const normaliseEmail = (email: string) => email.normalize('NFC').trim().toLowerCase();

/** Codes of the portals whose `editors` list contains this e-mail (119 rows: read them all, filter here). */
export async function editedPortalCodes(strapi: Core.Strapi, email: string | null | undefined): Promise<string[]> {
  if (!email) return [];
  const wanted = normaliseEmail(email);
  const rows: { code: string; editors: unknown }[] = await strapi.db.connection(TABLE.portal).select('code', 'editors');
  return rows.filter((r) => jsonList(r.editors).some((e) => normaliseEmail(e) === wanted)).map((r) => r.code).sort();
}

/** What portalScope reads of the admin user's ability (CASL, built by Strapi's admin authentication). */
interface UserAbility {
  rulesFor(action: string, subject: string): { inverted?: boolean; conditions?: unknown }[];
  can(action: string, subject: object): boolean;
}

/** See the file comment. */
export async function portalScope(ctx: { state?: { userAbility?: UserAbility } } | null | undefined, action: string, strapi: Core.Strapi = global.strapi): Promise<PortalScope> {
  const ability = ctx?.state?.userAbility;
  if (!ability) return null;
  const rules = ability.rulesFor(action, 'all');
  if (rules.some((r) => !r.inverted && !r.conditions)) return null;
  if (!rules.some((r) => !r.inverted)) return [];
  const codes = ((await strapi.db.connection(TABLE.portal).select('code')) as { code: string }[]).map((r) => r.code);
  // A plain object is matched against 'all' rules with their conditions.
  return codes.filter((code) => ability.can(action, { portalCode: code })).sort();
}

export const inScope = (scope: PortalScope, code: string) => scope === null || scope.includes(code);

/** 403 when the portal is outside the caller's scope. */
export function assertInScope(scope: PortalScope, code: string): void {
  if (!inScope(scope, code)) throw new errors.ForbiddenError(ERRORS.notYourPortal(code));
}
