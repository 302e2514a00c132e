/**
 * Retries follow the Decision 96 deadline (issue 8): past the configured schedule, an
 * open delivery is retried at the schedule's last interval until its deadline has
 * passed; one whose deadline is already behind gives up when the schedule ends.
 */
import { bootHub, waitFor, type Hub } from '../helpers/hub';
import { attachSimulator, deliveries, sampleItem, type Simulator } from '../helpers/portals';

let hub: Hub;
let sim: Simulator;
const PORTAL = '07627';

beforeAll(async () => {
  hub = await bootHub({ env: { SYNDICATION_RETRY_SCHEDULE: '0.1,0.2', SYNDICATION_RECONCILE_INTERVAL_MS: '1000' } });
  sim = await attachSimulator(hub, { codes: [PORTAL] });
  sim.setFault(PORTAL, { mode: 'error', status: 503 });
});

afterAll(async () => {
  await hub?.stop();
  await sim?.close();
});

const delivery = async (id: string) => (await deliveries(hub, id)).deliveries[0];

it('keeps retrying a delivery whose deadline is ahead, gives up on one whose deadline has passed', async () => {
  const now = new Date();
  const ahead = await hub.api.post('/items?publish=true', sampleItem({ issuedAt: now.toISOString(), targets: { scope: 'portals', portals: [PORTAL] } }));
  const past = await hub.api.post('/items?publish=true', sampleItem({ title: 'Tin cũ', issuedAt: '2025-04-29T09:00:00+07:00', targets: { scope: 'portals', portals: [PORTAL] } }));
  expect([ahead.status, past.status]).toEqual([201, 201]);

  const gaveUp = await waitFor('the past-deadline delivery failed', async () => {
    const d = await delivery(past.data.data.documentId);
    return d.status === 'failed' ? d : false;
  });
  expect(gaveUp.attempts).toBe(3); // the first attempt + the 2 scheduled retries
  expect(gaveUp.onTime).toBe(false);

  // The other goes past the schedule's length and is still being retried.
  const still = await waitFor('more attempts than the schedule holds', async () => {
    const d = await delivery(ahead.data.data.documentId);
    return d.attempts >= 5 ? d : false;
  });
  expect(still.status).toMatch(/^(retrying|sending|pending)$/);
  expect(new Date(still.deadlineAt).getTime()).toBeGreaterThan(Date.now());
  expect(still.onTime).toBeNull();

  // Once the portal recovers, it arrives, on time.
  sim.setFault(PORTAL, { mode: 'healthy' });
  const done = await waitFor('delivered', async () => {
    const d = await delivery(ahead.data.data.documentId);
    return d.status === 'delivered' ? d : false;
  });
  expect(done.onTime).toBe(true);
});
