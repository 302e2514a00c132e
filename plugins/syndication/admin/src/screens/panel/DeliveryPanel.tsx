/**
 * The Content Manager side panel on an item's edit view: how far the item got across
 * the portals, refreshed while the editor watches, with a link to the details.
 */
import { Flex, Link as DSLink, Typography } from '@strapi/design-system';
import { Link } from 'react-router-dom';
import { ACTIONS, BASE_PATH, ITEM_UID } from '../constants';
import { DeliveryProgress } from '../components/Progress';
import { useCan, usePolling, useT } from '../utils/hooks';

const PanelContent = ({ documentId }: { documentId: string }) => {
  const t = useT();
  const { data, error } = usePolling<{ data: any }>(`/syndication/items/${documentId}/progress`);
  if (error) return <Typography variant="pi" textColor="danger600">{t('common.error', { message: error })}</Typography>;
  const p = data?.data;
  if (!p) return <Typography variant="pi">{t('common.loading')}</Typography>;
  return (
    <Flex direction="column" alignItems="stretch" gap={2} width="100%" data-testid="syndication-panel">
      {p.summary.total === 0 ? (
        <Typography variant="pi" textColor="neutral600">{t('panel.notYet')}</Typography>
      ) : (
        <DeliveryProgress byStatus={p.summary.byStatus} total={p.summary.total} compact />
      )}
      <DSLink tag={Link} to={`${BASE_PATH}/items/${documentId}`}>{t('panel.details')}</DSLink>
    </Flex>
  );
};

export const DeliveryPanel = ({ model, documentId }: { model: string; documentId?: string }) => {
  const t = useT();
  const can = useCan();
  if (model !== ITEM_UID || !documentId || documentId === 'create' || !can(ACTIONS.readDeliveries)) return null;
  return { title: t('panel.title'), content: <PanelContent documentId={documentId} /> };
};
(DeliveryPanel as any).type = 'syndication-deliveries';
