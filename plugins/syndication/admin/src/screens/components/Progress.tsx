import { Flex, ProgressBar, Typography } from '@strapi/design-system';
import { LIVE } from '../constants';
import { useT } from '../utils/hooks';

/** Order in which counts are read out: what reached the portals first, then what is owed. */
const ORDER = ['delivered', 'published', 'awaiting_review', 'pending', 'sending', 'retrying', 'failed', 'skipped', 'rejected', 'withdrawn'] as const;

/** "112 đã nhận, 5 đang thử lại, 2 lỗi / 119" */
export const CountsLine = ({ byStatus, total }: { byStatus: Record<string, number>; total: number }) => {
  const t = useT();
  const parts = ORDER.filter((s) => (byStatus[s] ?? 0) > 0).map((s) => t(`count.${s}`, { n: byStatus[s] }));
  return (
    <Typography variant="pi" textColor="neutral700" data-testid="counts-line">
      {parts.length ? parts.join(', ') : t('common.none')} {t('count.outOf', { total })}
    </Typography>
  );
};

export const liveCount = (byStatus: Record<string, number>) => LIVE.reduce((n, s) => n + (byStatus[s] ?? 0), 0);

export const DeliveryProgress = ({ byStatus, total }: { byStatus: Record<string, number>; total: number }) => {
  const t = useT();
  const live = liveCount(byStatus);
  const value = total > 0 ? Math.round((live / total) * 100) : 0;
  return (
    <Flex direction="column" alignItems="stretch" gap={1}>
      <Flex gap={2} alignItems="center">
        <ProgressBar value={value} size="M" aria-label={t('overview.live', { live, total })} />
        <Typography variant="pi" fontWeight="bold" data-testid="live-count">
          {t('overview.live', { live, total })}
        </Typography>
      </Flex>
      <CountsLine byStatus={byStatus} total={total} />
    </Flex>
  );
};
