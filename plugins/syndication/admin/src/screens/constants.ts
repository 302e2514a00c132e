/** Names the screens share: plugin id, permission actions, delivery statuses and their colours. */
// The server's constants.ts imports nothing (it must stay free of Node imports), so Vite
// bundles it from source here: the admin and the server share one list of names.
import { DELIVERY_STATUSES, PERMISSIONS, PLUGIN_ID, TIERS, UID, type DeliveryStatus } from '../../../server/src/constants';

export { PLUGIN_ID, TIERS };
export const BASE_PATH = `/plugins/${PLUGIN_ID}`;
export const ITEM_UID = UID.item;

/** The plugin's admin actions (the server's PERMISSIONS under the screens' names; docs: INTERFACES). */
export const ACTIONS = {
  readDeliveries: PERMISSIONS.deliveriesRead,
  review: PERMISSIONS.deliveriesReview,
  retry: PERMISSIONS.deliveriesRetry,
  readPortals: PERMISSIONS.portalsRead,
  managePortals: PERMISSIONS.portalsManage,
  readReports: PERMISSIONS.reportsRead,
  manageSettings: PERMISSIONS.settingsManage,
} as const;

export const STATUSES: readonly DeliveryStatus[] = DELIVERY_STATUSES;
export type Status = DeliveryStatus;

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


/** How often the screens refresh while open. */
export const POLL_MS = 3000;
