/**
 * Everything the plugin names in more than one place: model UIDs, statuses,
 * event types, queue names and the editor-facing error messages.
 *
 * The admin panel imports this file from source (admin/src/screens/constants.ts, bundled
 * by Vite): keep it free of imports, Node or otherwise.
 */

export const PLUGIN_ID = 'syndication';

export const UID = {
  portal: 'plugin::syndication.portal',
  item: 'plugin::syndication.item',
  itemVersion: 'plugin::syndication.item-version',
  delivery: 'plugin::syndication.delivery',
  deliveryAttempt: 'plugin::syndication.delivery-attempt',
  categoryRule: 'plugin::syndication.category-rule',
  calendarDay: 'plugin::syndication.calendar-day',
  auditEntry: 'plugin::syndication.audit-entry',
  notification: 'plugin::syndication.notification',
} as const;

/** Table names, used by the hot path's direct queries (see services/record-writer.ts). */
export const TABLE = {
  portal: 'syndication_portals',
  item: 'syndication_items',
  itemVersion: 'syndication_item_versions',
  delivery: 'syndication_deliveries',
  deliveryAttempt: 'syndication_delivery_attempts',
  categoryRule: 'syndication_category_rules',
  calendarDay: 'syndication_calendar_days',
  auditLog: 'syndication_audit_log',
  notification: 'syndication_notifications',
} as const;

export const TIERS = ['province', 'department', 'commune'] as const;
export type Tier = (typeof TIERS)[number];

/** Commune-level units are either a commune (xã) or a ward (phường). */
export const COMMUNE_TYPES = ['xã', 'phường'] as const;
export type CommuneType = (typeof COMMUNE_TYPES)[number];

export const PUBLISH_MODES = ['live', 'review'] as const;
export type PublishMode = (typeof PUBLISH_MODES)[number];

export const ADAPTERS = ['webhook'] as const;
export type AdapterType = (typeof ADAPTERS)[number];

/** The four kinds of "direction and administration information" (Decision 96, Art. 8.1.c). */
export const DIRECTION_KINDS = ['direction', 'petition-response', 'reward-sanction', 'schedule'] as const;
export type DirectionKind = (typeof DIRECTION_KINDS)[number];

/** The Vietnamese names of the four kinds, as the admin form shows them (Art. 8.1.c, points 1–4). */
export const DIRECTION_KIND_LABELS: Record<DirectionKind, string> = {
  direction: 'Ý kiến chỉ đạo, điều hành',
  'petition-response': 'Xử lý, phản hồi kiến nghị',
  'reward-sanction': 'Khen thưởng, xử phạt',
  schedule: 'Lịch làm việc của lãnh đạo',
};

export const TIER_LABELS: Record<Tier, string> = {
  province: 'UBND tỉnh',
  department: 'Sở, ban, ngành',
  commune: 'Xã, phường',
};

/** Custom fields of the item form (admin pickers instead of typed codes and JSON). */
export const CUSTOM_FIELD = {
  category: 'category',
  kind: 'kind',
  targets: 'targets',
} as const;

export const DEFAULT_CATEGORY = '8.1.c';

export const TARGET_SCOPES = ['all', 'tiers', 'portals'] as const;
export type TargetScope = (typeof TARGET_SCOPES)[number];

/**
 * Delivery status, one per (item, portal).
 * pending → sending → delivered | awaiting_review → published | rejected;
 * a retryable failure goes to retrying, an exhausted or permanent one to failed;
 * withdrawn once the portal confirmed the withdrawal; skipped when the portal was paused.
 */
export const DELIVERY_STATUS = {
  pending: 'pending',
  sending: 'sending',
  delivered: 'delivered',
  awaitingReview: 'awaiting_review',
  published: 'published',
  rejected: 'rejected',
  retrying: 'retrying',
  failed: 'failed',
  withdrawn: 'withdrawn',
  skipped: 'skipped',
} as const;
export type DeliveryStatus = (typeof DELIVERY_STATUS)[keyof typeof DELIVERY_STATUS];
export const DELIVERY_STATUSES = Object.values(DELIVERY_STATUS) as DeliveryStatus[];

/** Statuses that still owe the portal a request: the reconciler re-enqueues these. */
export const OPEN_STATUSES: DeliveryStatus[] = ['pending', 'sending', 'retrying'];

/** What the hub asks the portal to do. Also the Standard Webhooks event `type`. */
export const DELIVERY_EVENT = {
  created: 'item.created',
  updated: 'item.updated',
  published: 'item.published',
  withdrawn: 'item.withdrawn',
} as const;
export type DeliveryEvent = (typeof DELIVERY_EVENT)[keyof typeof DELIVERY_EVENT];

export const QUEUE_NAME = 'syndication-deliveries';

/** Who an audit entry names as the actor (services/audit.ts). */
export const AUDIT_ACTOR_TYPES = ['admin', 'api-token', 'portal', 'system'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

/** An administrator's calendar entry: a day off, or a working day (a make-up day). */
export const CALENDAR_DAY_TYPES = ['holiday', 'workday'] as const;
export type CalendarDayType = (typeof CALENDAR_DAY_TYPES)[number];

/** Attribution required by Decision 96, Art. 6.1 and 12.1.a. */
export const SOURCE_CREDIT = 'Theo Cổng TTĐT tỉnh Bắc Ninh';

/**
 * Admin-panel permission actions (Strapi RBAC, registered in register.ts). Every admin
 * route names the action it needs; controllers narrow the result to the caller's
 * portals when the permission carries the OWN_PORTAL condition (utils/scope.ts).
 */
export const PERMISSIONS = {
  deliveriesRead: 'plugin::syndication.deliveries.read',
  deliveriesReview: 'plugin::syndication.deliveries.review',
  deliveriesRetry: 'plugin::syndication.deliveries.retry',
  portalsRead: 'plugin::syndication.portals.read',
  portalsManage: 'plugin::syndication.portals.manage',
  reportsRead: 'plugin::syndication.reports.read',
  settingsManage: 'plugin::syndication.settings.manage',
  auditRead: 'plugin::syndication.audit.read',
} as const;
export type PermissionAction = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];

/** RBAC condition "belongs to one of my portals": the portal's `editors` list holds the admin user's e-mail. */
export const OWN_PORTAL_CONDITION = 'plugin::syndication.own-portal';

/** Admin roles seeded on first start (exact names; administrators may edit them afterwards). */
export const ROLE_NAMES = {
  provincialEditor: 'Biên tập viên cổng tỉnh',
  portalEditor: 'Biên tập viên cổng thành phần',
  syndicationAdmin: 'Quản trị đồng bộ',
} as const;

/**
 * Messages shown to editors and integrators: Vietnamese first, English second.
 */
export const ERRORS = {
  portalNotFound: (code: string) => `Không tìm thấy cổng thành phần "${code}" / Portal "${code}" not found`,
  itemNotFound: (id: string) => `Không tìm thấy tin "${id}" / Item "${id}" not found`,
  deliveryNotFound: (id: string | number) => `Không tìm thấy bản phân phối "${id}" / Delivery "${id}" not found`,
  invalidInput: 'Dữ liệu không hợp lệ, xem chi tiết từng trường / Invalid input, see the field details',
  notPublished: 'Tin chưa được xuất bản / The item is not published',
  nothingToRetry: 'Không có bản phân phối nào cần gửi lại / Nothing to retry',
  notYourPortal: (code: string) => `Bạn không phụ trách cổng "${code}" / You are not an editor of portal "${code}"`,
  calendarDayNotFound: (date: string) => `Ngày ${date} không có trong bảng ngày nghỉ, ngày làm bù do quản trị viên nhập / ${date} is not an administrator's calendar entry`,
  categoryNotFound: (code: string) => `Không có chuyên mục "${code}" / Category "${code}" not found`,
  presetNotFound: (name: string) => `Không có bộ thời hạn "${name}" / Preset "${name}" not found`,
  noTargets: 'Chưa chọn cổng nhận tin nào: chọn tất cả, theo cấp hoặc từng cổng / No target portal: choose all, by tier or some portals',
  previewForbidden: 'Liên kết xem trước không hợp lệ hoặc đã hết hạn / The preview link is invalid or has expired',
} as const;
