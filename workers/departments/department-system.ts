import type { ItemCode, ItemResult } from '../../bpmn/process-contract.ts';
import type { ItemForm, ItemRequest } from '../../server/department-api/contract.ts';

/**
 * What every department's system has in common, whichever implementation (the reference
 * system in this project's database, or the department's HTTP API) stands behind it.
 */

/**
 * A department's answer to an item handed to it: decided at once (approved, or refused with
 * the reason in Chinese), or pending a person's review, decided later through the
 * `DecisionFeed`.
 */
export type DepartmentAnswer = { state: 'decided'; result: ItemResult } | { state: 'pending' };

/** An item's request, with that item's section of the form known to be present. */
export type RequestWith<Section extends keyof ItemForm> = ItemRequest & {
  form: ItemForm & Required<Pick<ItemForm, Section>>;
};

/** A decision made after review, to be delivered to the waiting instance. */
export interface LaterDecision {
  applicationId: string;
  result: ItemResult;
}

/**
 * Decisions a department made later (after a person reviewed the request) that have not yet
 * reached the engine. The relay publishes each, then marks it delivered; a decision
 * published but not marked is published again, which the message id makes harmless.
 */
export interface DecisionFeed {
  undeliveredDecisions(limit: number): Promise<LaterDecision[]>;
  markDelivered(applicationId: string, item: ItemCode): Promise<void>;
}

/**
 * Contract of every submit method of a department system: idempotent per application and
 * item (the same request again answers the first answer and creates nothing new); throws
 * `WorkerError` `DEPARTMENT_UNAVAILABLE` (or `DEPARTMENT_ANSWER_INVALID`) when the system is
 * down, slow or answers nonsense, so the job is retried.
 */
export type Submit<Request extends ItemRequest> = (request: Request) => Promise<DepartmentAnswer>;
