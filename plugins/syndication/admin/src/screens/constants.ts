/** Names the screens share: plugin id, permission actions, delivery statuses and their colours. */
export const PLUGIN_ID = 'syndication';
export const BASE_PATH = `/plugins/${PLUGIN_ID}`;
export const ITEM_UID = 'plugin::syndication.item';

/** The plugin's admin actions (server: constants.ts PERMISSIONS; docs: INTERFACES). */
export const ACTIONS = {
  readDeliveries: 'plugin::syndication.deliveries.read',
  review: 'plugin::syndication.deliveries.review',
  retry: 'plugin::syndication.deliveries.retry',
  readPortals: 'plugin::syndication.portals.read',
  managePortals: 'plugin::syndication.portals.manage',
  readReports: 'plugin::syndication.reports.read',
  manageSettings: 'plugin::syndication.settings.manage',
} as const;

export const STATUSES = ['pending', 'sending', 'delivered', 'awaiting_review', 'published', 'rejected', 'retrying', 'failed', 'withdrawn', 'skipped'] as const;
export type Status = (typeof STATUSES)[number];

/** Live on the portal: counted as reached in progress bars. */
export const LIVE: Status[] = ['delivered', 'published'];

type Variant = 'success' | 'primary' | 'danger' | 'warning' | 'neutral' | 'secondary' | 'alternative';
export const STATUS_VARIANT: Record<Status, Variant> = {
  pending: 'neutral',
  sending: 'primary',
  delivered: 'success',
  published: 'success',
  awaiting_review: 'secondary',
  rejected: 'alternative',
  retrying: 'warning',
  failed: 'danger',
  withdrawn: 'neutral',
  skipped: 'warning',
};

/** Matrix cell colours (design-system theme keys). */
export const STATUS_COLOR: Record<Status, string> = {
  pending: 'neutral300',
  sending: 'primary500',
  delivered: 'success500',
  published: 'success700',
  awaiting_review: 'secondary500',
  rejected: 'alternative500',
  retrying: 'warning500',
  failed: 'danger600',
  withdrawn: 'neutral500',
  skipped: 'warning200',
};

export const TIERS = ['province', 'department', 'commune'] as const;

/** How often the screens refresh while open. */
export const POLL_MS = 3000;
