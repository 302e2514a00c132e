/**
 * The three admin roles the hub's people need, seeded on first start.
 *
 * Idempotent and respectful of administrators: a role is created only if it was never
 * seeded before and no role of that name exists. Once seeded (or found), it is never
 * touched again: an administrator may change its permissions, rename or delete it.
 */
import type { Core } from '@strapi/strapi';
import { OWN_PORTAL_CONDITION, PERMISSIONS, PLUGIN_ID, ROLE_NAMES, UID } from '../constants';
import { adminServices, type PermissionInput } from '../utils/admin-services';

const STORE_KEY = 'seeded-roles';

/** Fields the provincial editor may not set: the pipeline owns the version, the credit is mandatory (Decision 96). */
const PIPELINE_FIELDS = ['version', 'credit'];

interface RoleDefinition {
  name: string;
  description: string;
  permissions: () => PermissionInput[];
}

const roles = ({ strapi }: { strapi: Core.Strapi }) => {
  const admin = () => adminServices(strapi);

  /** Content Manager permissions on one content type, with every field (minus `exceptFields` for writes). */
  const contentManager = (subject: string, actions: string[], exceptFields: string[] = []): PermissionInput[] => {
    const { actionProvider } = admin().permission;
    const defs = actions.map((a) => ({ ...actionProvider.get(`plugin::content-manager.explorer.${a}`), subjects: [subject] }));
    const permissions = admin()['content-type'].getPermissionsWithNestedFields(defs);
    return permissions.map((p) => {
      const fields = p.properties?.fields;
      const writes = p.action.endsWith('.create') || p.action.endsWith('.update');
      return { action: p.action, subject: p.subject, properties: fields ? { fields: writes ? fields.filter((f) => !exceptFields.includes(f)) : fields } : {} };
    });
  };

  /** What Strapi gives its own Editor role for media, so attachments and covers can be uploaded. */
  const mediaLibrary = (): PermissionInput[] =>
    ['read', 'configure-view', 'assets.create', 'assets.update', 'assets.download', 'assets.copy-link'].map((a) => ({ action: `plugin::upload.${a}` }));

  const DEFINITIONS: RoleDefinition[] = [
    {
      name: ROLE_NAMES.provincialEditor,
      description: 'Soạn, sửa, xuất bản, rút tin chỉ đạo điều hành; xem tiến độ phân phối tới mọi cổng / Writes, publishes and withdraws items; sees delivery progress everywhere',
      permissions: () => [
        ...contentManager(UID.item, ['create', 'read', 'update', 'delete', 'publish'], PIPELINE_FIELDS),
        ...mediaLibrary(),
        { action: PERMISSIONS.deliveriesRead },
        // Choosing an item's target portals needs the portal list.
        { action: PERMISSIONS.portalsRead },
      ],
    },
    {
      name: ROLE_NAMES.portalEditor,
      description: 'Xem và duyệt tin gửi tới cổng mình phụ trách (danh sách biên tập viên của cổng) / Reads and reviews deliveries to the portals listing them as editors',
      permissions: () => [
        { action: PERMISSIONS.deliveriesRead, conditions: [OWN_PORTAL_CONDITION] },
        { action: PERMISSIONS.deliveriesReview, conditions: [OWN_PORTAL_CONDITION] },
      ],
    },
    {
      name: ROLE_NAMES.syndicationAdmin,
      description: 'Mọi thao tác đồng bộ: theo dõi, gửi lại, quản lý cổng, báo cáo, cấu hình / Every syndication action: monitoring, retries, portals, reports, settings',
      permissions: () => [...Object.values(PERMISSIONS).map((action) => ({ action })), ...contentManager(UID.item, ['read'])],
    },
  ];

  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: STORE_KEY });

  return {
    definitions: () => DEFINITIONS.map((d) => ({ name: d.name, description: d.description, permissions: d.permissions() })),

    /**
     * Called by the application's bootstrap (src/index.ts), after every module's bootstrap:
     * Strapi's admin creates Super Admin, Editor and Author only when no role exists, and
     * the Content Manager registers its actions in its own bootstrap.
     */
    async seedOnStart(): Promise<void> {
      if (!(strapi.config.get('plugin::syndication') as { seedRegistry: boolean }).seedRegistry) return;
      const created = await this.seed();
      if (created.length) strapi.log.info(`[syndication] admin roles created: ${created.join(', ')}`);
    },

    /** Creates the roles never seeded before; returns the names created. */
    async seed(): Promise<string[]> {
      const seeded = new Set<string>(((await store().get({})) as string[] | null) ?? []);
      const roleService = admin().role;
      const created: string[] = [];
      for (const def of DEFINITIONS) {
        if (seeded.has(def.name)) continue;
        if (!(await roleService.exists({ name: def.name }))) {
          const role = await roleService.create({ name: def.name, description: def.description });
          await roleService.assignPermissions(role.id, def.permissions());
          created.push(def.name);
        }
        seeded.add(def.name);
      }
      if (created.length || seeded.size) await store().set({ value: [...seeded] });
      return created;
    },

    /** The admin users holding a role (active ones): whom to notify. */
    async usersWithRole(name: string): Promise<{ id: number; email: string; firstname: string | null; lastname: string | null }[]> {
      return strapi.db.query('admin::user').findMany({
        where: { isActive: true, $or: [{ blocked: false }, { blocked: null }], roles: { name } },
        select: ['id', 'email', 'firstname', 'lastname'],
      });
    },
  };
};

export type RolesService = typeof roles;
export default roles;
