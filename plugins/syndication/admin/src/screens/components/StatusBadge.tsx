import { Badge } from '@strapi/design-system';
import { STATUS_VARIANT, type Status } from '../constants';
import { useT } from '../utils/hooks';

export const StatusBadge = ({ status }: { status: string }) => {
  const t = useT();
  return (
    <Badge variant={STATUS_VARIANT[status as Status] ?? 'neutral'} data-status={status}>
      {t(`status.${status}`)}
    </Badge>
  );
};
