/**
 * The plugin's page: a side navigation between the four screens, each protected by
 * the permission it needs (the server checks it again on every request).
 */
import type * as React from 'react';
import { Divider } from '@strapi/design-system';
import { Layouts, Page, SubNav } from '@strapi/strapi/admin';
import { Navigate, Route, Routes } from 'react-router-dom';
import { ACTIONS, BASE_PATH } from '../constants';
import { useCan, useOnlyOwnPortals, usePermissionsLoaded, useT } from '../utils/hooks';
import { FailuresPage } from './Failures';
import { InboxPage } from './Inbox';
import { ItemPage } from './Item';
import { OverviewPage } from './Overview';
import { PortalsPage } from './Portals';
import { CalendarPage } from './Calendar';
import { CoveragePage } from './Coverage';
import { ReportsPage } from './Reports';

const LINKS = [
  { to: 'overview', key: 'nav.overview', action: ACTIONS.readDeliveries },
  { to: 'inbox', key: 'nav.inbox', action: ACTIONS.review },
  { to: 'failures', key: 'nav.failures', action: ACTIONS.readDeliveries },
  { to: 'portals', key: 'nav.portals', action: ACTIONS.readPortals },
  { to: 'reports', key: 'nav.reports', action: ACTIONS.readReports },
  { to: 'coverage', key: 'nav.coverage', action: ACTIONS.readReports },
  { to: 'calendar', key: 'nav.calendar', action: ACTIONS.readReports },
];

const Nav = () => {
  const t = useT();
  const can = useCan();
  const links = LINKS.filter((l) => can(l.action));
  return (
    <SubNav.Main aria-label={t('nav.title')}>
      <SubNav.Header label={t('nav.title')} />
      <Divider />
      <SubNav.Content>
        <SubNav.Sections>
          {[
            <SubNav.Section key="screens" label={t('nav.title')}>
              {links.map((l) => (
                <SubNav.Link key={l.key} to={`${BASE_PATH}/${l.to}`} label={t(l.key)} />
              ))}
            </SubNav.Section>,
          ]}
        </SubNav.Sections>
      </SubNav.Content>
    </SubNav.Main>
  );
};

const Protected = ({ action, children }: { action: string; children: React.ReactNode }) => (
  <Page.Protect permissions={[{ action, subject: null }]}>{children}</Page.Protect>
);

/** A component portal's editor works from their inbox: start there. */
const Home = () => {
  const can = useCan();
  const ownOnly = useOnlyOwnPortals(ACTIONS.readDeliveries);
  if (!usePermissionsLoaded()) return <Page.Loading />; // deciding on empty permissions would pick the wrong screen
  const start = can(ACTIONS.review) && (ownOnly || !can(ACTIONS.readDeliveries)) ? 'inbox' : can(ACTIONS.readDeliveries) ? 'overview' : can(ACTIONS.readPortals) || !can(ACTIONS.readReports) ? 'portals' : 'reports';
  return <Navigate to={`${BASE_PATH}/${start}`} replace />;
};

export const App = () => (
  <Layouts.Root sideNav={<Nav />}>
    <Routes>
      <Route index element={<Home />} />
      <Route path="overview" element={<Protected action={ACTIONS.readDeliveries}><OverviewPage /></Protected>} />
      <Route path="items/:documentId" element={<Protected action={ACTIONS.readDeliveries}><ItemPage /></Protected>} />
      <Route path="inbox" element={<Protected action={ACTIONS.review}><InboxPage /></Protected>} />
      <Route path="failures" element={<Protected action={ACTIONS.readDeliveries}><FailuresPage /></Protected>} />
      <Route path="portals" element={<Protected action={ACTIONS.readPortals}><PortalsPage /></Protected>} />
      <Route path="reports" element={<Protected action={ACTIONS.readReports}><ReportsPage /></Protected>} />
      <Route path="coverage" element={<Protected action={ACTIONS.readReports}><CoveragePage /></Protected>} />
      <Route path="calendar" element={<Protected action={ACTIONS.readReports}><CalendarPage /></Protected>} />
    </Routes>
  </Layouts.Root>
);

export default App;
