import type { ItemCode, ItemResult } from '../../bpmn/process-contract.ts';
import type {
  ApplicationView,
  Escalation,
  ItemProgress,
  ItemRequest,
  Mailing,
} from '../../server/department-api/contract.ts';

/** The white-background photo a card application carries. */
export interface Photo {
  contentType: string;
  bytes: Uint8Array;
}

/** Which job a call is made for; the server refuses a superseded instance's calls. */
export interface CallContext {
  processInstanceKey?: string;
}

/**
 * Where workers read an application and write its items' progress: the server's department
 * API (`http.ts`), scoped to the calling department's token. Workers never read application
 * data from process variables.
 *
 * Every method throws `WorkerError`: `APPLICATION_NOT_FOUND` (no such application or item),
 * `INSTANCE_SUPERSEDED`, `APPLICATION_SOURCE_REFUSED` (not allowed, or a write contradicting
 * one stored) — none helped by retrying — or `APPLICATION_SOURCE_UNAVAILABLE` (retry).
 * Every write is idempotent: the same write again answers the same progress.
 */
export interface ApplicationSource {
  /** What one department needs to decide one item: applicant, start month, that item's section. */
  itemRequest(applicationId: string, item: ItemCode, context?: CallContext): Promise<ItemRequest>;
  /** The card application's photo. */
  photo(applicationId: string, context?: CallContext): Promise<Photo>;
  /** The whole application with every chosen item's progress (province only). */
  application(applicationId: string, context?: CallContext): Promise<ApplicationView>;
  recordOutcome(
    applicationId: string,
    result: ItemResult,
    context?: CallContext,
  ): Promise<ItemProgress>;
  recordEscalation(
    applicationId: string,
    item: ItemCode,
    escalation: Escalation,
    context?: CallContext,
  ): Promise<ItemProgress>;
  recordMailing(
    applicationId: string,
    mailing: Mailing,
    context?: CallContext,
  ): Promise<ItemProgress>;
}
