import audit from './audit';
import calendar from './calendar';
import categoryRule from './category-rule';
import contentManagerLayout from './content-manager-layout';
import delivery from './delivery';
import coverage from './coverage';
import deliveryStore from './delivery-store';
import deadline from './deadline';
import dispatcher from './dispatcher';
import fanout from './fanout';
import item from './item';
import operations from './operations';
import notifier from './notifier';
import portal from './portal';
import portalHealth from './portal-health';
import preview from './preview';
import publishPlan from './publish-plan';
import queue from './queue';
import review from './review';
import roles from './roles';
import rateLimit from './rate-limit';
import readiness from './readiness';
import recordWriter from './record-writer';
import report from './report';
import scoring from './scoring';
import secrets from './secrets';
import snapshot from './snapshot';

/** One service per aggregate, in pipeline order: items → fan-out → queue → dispatch → records. */
const services = {
  readiness,
  rateLimit,
  audit,
  secrets,
  portal,
  categoryRule,
  calendar,
  deadline,
  coverage,
  report,
  scoring,
  item,
  snapshot,
  deliveryStore,
  fanout,
  queue,
  dispatcher,
  recordWriter,
  portalHealth,
  delivery,
  roles,
  review,
  operations,
  notifier,
  // The editor's form: Before Publish, the portal preview, the Content Manager's Vietnamese view.
  publishPlan,
  preview,
  contentManagerLayout,
};

export type Services = typeof services;
export default services;
