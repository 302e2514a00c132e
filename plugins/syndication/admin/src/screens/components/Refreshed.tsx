import { Typography } from '@strapi/design-system';
import { POLL_MS } from '../constants';
import { formatTime } from '../utils/format';
import { useT } from '../utils/hooks';

export const Refreshed = ({ at }: { at: Date | null }) => {
  const t = useT();
  if (!at) return null;
  return (
    <Typography variant="pi" textColor="neutral600">
      {t('common.refreshed', { seconds: POLL_MS / 1000, time: formatTime(at) })}
    </Typography>
  );
};

export const DaysLeft = ({ days }: { days: number | null | undefined }) => {
  const t = useT();
  if (days == null) return <>—</>;
  if (days < 0)
    return (
      <Typography textColor="danger600" fontWeight="bold">
        {t('common.overdue', { days: -days })}
      </Typography>
    );
  return <Typography textColor={days <= 1 ? 'warning600' : 'neutral800'}>{t('common.workingDaysLeft', { days })}</Typography>;
};
