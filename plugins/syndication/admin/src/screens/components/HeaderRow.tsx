import type { ReactNode } from 'react';
import { Th, Thead, Tr, Typography } from '@strapi/design-system';

/**
 * A table's header: one label per column in the design system's "sigma" style. `lead` is
 * an optional first cell that is not a label (a select-all checkbox); pass null to keep
 * its column empty.
 */
export const HeaderRow = ({ labels, lead }: { labels: ReactNode[]; lead?: ReactNode }) => (
  <Thead>
    <Tr>
      {lead !== undefined ? <Th>{lead}</Th> : null}
      {labels.map((label, i) => (
        <Th key={i}>
          <Typography variant="sigma">{label}</Typography>
        </Th>
      ))}
    </Tr>
  </Thead>
);
