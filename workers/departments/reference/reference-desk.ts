import type { Knex } from 'knex';

import type { Department, ItemCode, ItemResult } from '../../../bpmn/process-contract.ts';
import type { Database } from '../../../platform/database.ts';
import type { ItemRequest } from '../../../server/department-api/contract.ts';
import { todayInBeijing } from '../../../server/form/calendar-date.ts';
import { beijingTimestamp } from '../../calendar/beijing-time.ts';
import { WorkerError } from '../../errors.ts';
import type { DecisionFeed, DepartmentAnswer, LaterDecision } from '../department-system.ts';

/** What a department issues with an approval: numbers, amounts, names of institutions. */
export type ResultDetails = NonNullable<ItemResult['details']>;

/**
 * A department's acceptance rules for one item (DOMAIN.md "The seven items"), run inside
 * the desk's transaction against the department's own records.
 */
export interface ItemRules<Request extends ItemRequest = ItemRequest> {
  item: ItemCode;
  /** Why the department refuses the item, in Chinese for the applicant; undefined accepts it. */
  refusal(trx: Knex.Transaction, request: Request, today: string): Promise<string | undefined>;
  /** Records what the department issues for an accepted item; answers the result's details. */
  issue(trx: Knex.Transaction, request: Request, decidedAt: Date): Promise<ResultDetails>;
}

/** A request waiting for a person's review. */
export interface PendingReview {
  applicationId: string;
  item: ItemCode;
  receiptNumber: string;
  city: string;
  receivedAt: string;
}

export interface ReferenceDeskOptions {
  department: Department;
  /** Queue every accepted request for a person's review instead of deciding at once. */
  review: boolean;
  clock?: () => Date;
}

/**
 * The front desk of a reference department system: records each request once per
 * application and item, applies the item's rules, and decides at once or queues the request
 * for review. Decisions made after review are kept for the `DecisionFeed` until delivered.
 *
 * Idempotent: the same request again answers the stored answer and issues nothing; two
 * applications of one person racing are settled by the domain tables' unique keys (the
 * loser is decided again and sees the winner's record).
 */
export class ReferenceDesk implements DecisionFeed {
  private readonly rules = new Map<ItemCode, ItemRules>();
  private readonly clock: () => Date;

  constructor(
    readonly db: Database,
    rules: ItemRules<never>[],
    private readonly options: ReferenceDeskOptions,
  ) {
    for (const rule of rules) this.rules.set(rule.item, rule as unknown as ItemRules);
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Hands `request` to the department. `onReceived` runs once, in the same transaction,
   * when the request is new (e.g. to keep the card photo).
   */
  submit(
    request: ItemRequest,
    onReceived?: (trx: Knex.Transaction) => Promise<void>,
  ): Promise<DepartmentAnswer> {
    const rules = this.rulesOf(request.item);
    return retryOnceOnUniqueViolation(() =>
      this.db.transaction(async (trx) => {
        const now = this.clock();
        const inserted = await trx('department_requests')
          .insert({
            application_id: request.applicationId,
            item: request.item,
            receipt_number: request.receiptNumber,
            city: request.city,
            request: JSON.stringify(request),
            state: 'pending',
            received_at: now,
          })
          .onConflict(['application_id', 'item'])
          .ignore()
          .returning('application_id');
        if (inserted.length === 0) return answerOf(await this.requestRow(trx, request));

        await onReceived?.(trx);
        const refusal = await rules.refusal(trx, request, todayInBeijing(now));
        if (refusal === undefined && this.options.review) return { state: 'pending' };

        const result = await this.decide(trx, request, refusal, now, 'rules');
        return { state: 'decided', result };
      }),
    );
  }

  /** Requests waiting for review, oldest first. */
  async pendingReviews(): Promise<PendingReview[]> {
    const rows = await this.db('department_requests')
      .where({ state: 'pending' })
      .orderBy('received_at')
      .select('application_id', 'item', 'receipt_number', 'city', 'received_at');
    return rows.map((row) => ({
      applicationId: row.application_id,
      item: row.item,
      receiptNumber: row.receipt_number,
      city: row.city,
      receivedAt: beijingTimestamp(new Date(row.received_at)),
    }));
  }

  /**
   * A reviewer approves a pending request. The rules run again (the person's records may
   * have changed since); a refusal they find decides the request as rejected instead.
   * Throws `WorkerError` `REVIEW_NOT_PENDING` when the request is not waiting for review.
   */
  approve(applicationId: string, item: ItemCode, reviewer: string): Promise<ItemResult> {
    return retryOnceOnUniqueViolation(() =>
      this.db.transaction(async (trx) => {
        const request = await this.pendingRequest(trx, applicationId, item);
        const now = this.clock();
        const refusal = await this.rulesOf(item).refusal(trx, request, todayInBeijing(now));
        return this.decide(trx, request, refusal, now, reviewer);
      }),
    );
  }

  /** A reviewer refuses a pending request; `reason` is shown to the applicant. */
  async reject(
    applicationId: string,
    item: ItemCode,
    reason: string,
    reviewer: string,
  ): Promise<ItemResult> {
    if (reason.trim() === '') throw new WorkerError('REVIEW_REASON_REQUIRED');
    return this.db.transaction(async (trx) => {
      const request = await this.pendingRequest(trx, applicationId, item);
      return this.decide(trx, request, reason.trim(), this.clock(), reviewer);
    });
  }

  async undeliveredDecisions(limit: number): Promise<LaterDecision[]> {
    const rows = await this.db('department_requests')
      .where({ state: 'decided', deliver_by_message: true })
      .whereNull('delivered_at')
      .orderBy('decided_at')
      .limit(limit)
      .select('application_id', 'result');
    return rows.map((row) => ({ applicationId: row.application_id, result: row.result }));
  }

  async markDelivered(applicationId: string, item: ItemCode): Promise<void> {
    await this.db('department_requests')
      .where({ application_id: applicationId, item })
      .whereNull('delivered_at')
      .update({ delivered_at: this.clock() });
  }

  private async decide(
    trx: Knex.Transaction,
    request: ItemRequest,
    refusal: string | undefined,
    now: Date,
    decidedBy: string,
  ): Promise<ItemResult> {
    const decidedAt = beijingTimestamp(now);
    const result: ItemResult =
      refusal === undefined
        ? {
            item: request.item,
            outcome: 'approved',
            details: await this.rulesOf(request.item).issue(trx, request, now),
            decidedAt,
          }
        : { item: request.item, outcome: 'rejected', reason: refusal, decidedAt };

    await trx('department_requests')
      .where({ application_id: request.applicationId, item: request.item })
      .update({
        state: 'decided',
        result: JSON.stringify(result),
        decided_by: decidedBy,
        deliver_by_message: decidedBy !== 'rules',
        decided_at: now,
      });
    return result;
  }

  private async pendingRequest(
    trx: Knex.Transaction,
    applicationId: string,
    item: ItemCode,
  ): Promise<ItemRequest> {
    const row = await trx('department_requests')
      .where({ application_id: applicationId, item, state: 'pending' })
      .forUpdate()
      .first();
    if (!row) throw new WorkerError('REVIEW_NOT_PENDING', `<${applicationId}> ${item}`);
    return row.request as ItemRequest;
  }

  private requestRow(trx: Knex.Transaction, request: ItemRequest) {
    return trx('department_requests')
      .where({ application_id: request.applicationId, item: request.item })
      .first();
  }

  private rulesOf(item: ItemCode): ItemRules {
    const rules = this.rules.get(item);
    if (!rules) throw new TypeError(`the ${this.options.department} desk has no rules for ${item}`);
    return rules;
  }
}

// helpers ------------------------------------------------------------------

function answerOf(row: { state: string; result: ItemResult | null }): DepartmentAnswer {
  if (row.state === 'decided' && row.result) return { state: 'decided', result: row.result };
  return { state: 'pending' };
}

async function retryOnceOnUniqueViolation<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if ((error as { code?: unknown }).code !== '23505') throw error;
    return attempt();
  }
}
