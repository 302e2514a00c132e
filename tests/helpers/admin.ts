/**
 * Admin users for integration tests: created through Strapi's admin user service and
 * logged in through the real POST /admin/login, so each gets its own admin JWT.
 */
import crypto from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import type { Hub } from './hub';

export interface AdminSession {
  id: number;
  email: string;
  token: string;
  /** Client for the plugin's admin routes: `${url}/syndication`. */
  admin: AxiosInstance;
  /** The same JWT sent to the content API (/api/syndication), where it must not be accepted. */
  contentApi: AxiosInstance;
}

export const PASSWORD = 'Test-Password-2025!';

export async function roleId(hub: Hub, name: string): Promise<number> {
  const role = await hub.strapi.db.query('admin::role').findOne({ where: { name } });
  if (!role) throw new Error(`no admin role "${name}"`);
  return role.id;
}

export async function superAdminRoleId(hub: Hub): Promise<number> {
  return (await hub.strapi.service('admin::role').getSuperAdmin()).id;
}

/** Creates an active admin user with the given roles (ids or names) and logs in. */
export async function adminSession(hub: Hub, opts: { email?: string; roles: (number | string)[]; firstname?: string }): Promise<AdminSession> {
  const email = (opts.email ?? `u${crypto.randomBytes(4).toString('hex')}@test.bacninh.gov.vn`).toLowerCase();
  const roles = await Promise.all(opts.roles.map((r) => (typeof r === 'number' ? r : roleId(hub, r))));
  const user = await hub.strapi.service('admin::user').create({ email, firstname: opts.firstname ?? 'Biên tập', lastname: 'Thử', password: PASSWORD, roles, isActive: true, registered: true });
  return login(hub, email, user.id);
}

export async function login(hub: Hub, email: string, id = 0): Promise<AdminSession> {
  const res = await axios.post(`${hub.url}/admin/login`, { email, password: PASSWORD }, { validateStatus: () => true });
  if (res.status !== 200) throw new Error(`login ${email}: HTTP ${res.status} ${JSON.stringify(res.data)}`);
  const token = res.data.data.token as string;
  const headers = { Authorization: `Bearer ${token}` };
  return {
    id: id || res.data.data.user.id,
    email,
    token,
    admin: axios.create({ baseURL: `${hub.url}/syndication`, headers, validateStatus: () => true }),
    contentApi: axios.create({ baseURL: `${hub.url}/api/syndication`, headers, validateStatus: () => true }),
  };
}

/** The plugin's admin routes without any credentials. */
export const anonymousAdmin = (hub: Hub) => axios.create({ baseURL: `${hub.url}/syndication`, validateStatus: () => true });
