import type { ItemCode, ItemResult } from '../../bpmn/process-contract.ts';
import type { Escalation, ItemState, MailingState } from '../department-api/contract.ts';
import type { ApplicationForm } from '../form/application-form.ts';

/**
 * An application as the store holds it. `accepted`: stored, its instance not started yet
 * (the engine was unreachable, or the start is in flight); `started`: the instance is
 * recorded; `finished`: every chosen item is decided.
 */
export type ApplicationState = 'accepted' | 'started' | 'finished';

/** Where an application came in: the provincial app (online) or a window clerk. */
export type Channel = 'online' | 'counter';

/** How the applicant's identity was established. */
export type IdentityVerification = 'data-sharing' | 'document';

export interface StoredItem {
  item: ItemCode;
  department: string;
  state: ItemState;
  result?: ItemResult;
  escalation?: Escalation;
  mailing?: { state: MailingState; trackingNumber?: string; mailedAt?: string };
  updatedAt: string;
}

export interface StoredApplication {
  id: string;
  receiptNumber: string;
  city: string;
  channel: Channel;
  /** The principal that submitted it, e.g. `clerk:clerk-1` or `online:provincial-app`. */
  submittedBy: string;
  form: ApplicationForm;
  identityVerifiedBy: IdentityVerification;
  state: ApplicationState;
  processInstanceKey?: string;
  startAttempts: number;
  lastStartError?: string;
  receivedAt: string;
  startedAt?: string;
  finishedAt?: string;
  items: StoredItem[];
}

/** One entry of an application's timeline, as the store recorded it. */
export interface ApplicationEvent {
  at: string;
  type:
    | 'received'
    | 'start-failed'
    | 'started'
    | 'duplicate-instance-cancelled'
    | 'item-requested'
    | 'item-decided'
    | 'item-escalated'
    | 'card-mailed'
    | 'finished';
  item?: ItemCode;
  data?: Record<string, unknown>;
}
