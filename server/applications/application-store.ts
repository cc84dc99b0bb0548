import type { Knex } from 'knex';
import {
  items as contractItems,
  type ItemCode,
  type ItemResult,
} from '../../bpmn/process-contract.ts';
import type { Database } from '../../platform/database.ts';
import {
  itemDepartment,
  type Escalation,
  type ItemState,
  type Mailing,
} from '../department-api/contract.ts';
import { ServerError } from '../errors.ts';
import type { ApplicationForm } from '../form/application-form.ts';
import type {
  ApplicationEvent,
  ApplicationState,
  Channel,
  IdentityVerification,
  StoredApplication,
  StoredItem,
} from './application.ts';
import { formatReceiptNumber, beijingDay } from './receipt-number.ts';

/** Time source; tests pass a clock they move. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A new application as intake hands it to the store. */
export interface NewApplication {
  id: string;
  city: string;
  channel: Channel;
  submittedBy: string;
  form: ApplicationForm;
  identityVerifiedBy: IdentityVerification;
  /** Materials uploaded by `submittedBy` that this application takes over. */
  materialIds: string[];
  /** Until then the background starter leaves the application to the intake request. */
  startLeaseMs: number;
}

/** A repeated submission is recognised by the submitting principal and its key. */
export interface IdempotencyClaim {
  principal: string;
  key: string;
  /** Hash of the request body; the same key with another body is refused. */
  requestHash: string;
}

export type InsertOutcome =
  | { kind: 'inserted'; application: StoredApplication }
  | { kind: 'repeated'; application: StoredApplication };

/** What `recordInstance` found: newly recorded, already this key, or another key recorded. */
export type InstanceRecordOutcome = 'recorded' | 'already-recorded' | 'conflict';

/** One decided write on an item: applied now, or already stored identically. */
export interface ItemWriteOutcome {
  item: StoredItem;
  changed: boolean;
}

/** Filters of the operations list; all optional, combined with AND. */
export interface ApplicationFilter {
  city?: string;
  item?: ItemCode;
  itemState?: ItemState;
  applicationState?: ApplicationState;
  /** Applications with an item escalated and still undecided. */
  overdue?: boolean;
  limit: number;
  offset: number;
}

export interface StoredMaterial {
  id: string;
  kind: string;
  contentType: string;
  size: number;
  width: number;
  height: number;
  sha256: string;
  uploadedBy: string;
  applicationId?: string;
}

/**
 * The application store: applications, their items' progress, idempotency keys, the
 * timeline events and the uploaded materials, in the `applications` database.
 *
 * Every method is one transaction. Writes on an item are idempotent: writing what is
 * already stored changes nothing and reports `changed: false`.
 */
export class ApplicationStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Stores a new application with its items, its first event, its idempotency key and
   * its materials, all or nothing. A key already used by the same principal returns the
   * application stored the first time (`repeated`); with another body → `IDEMPOTENCY_KEY_REUSED`.
   */
  async insert(application: NewApplication, claim?: IdempotencyClaim): Promise<InsertOutcome> {
    if (claim) {
      const earlier = await this.findByIdempotencyKey(claim);
      if (earlier) return { kind: 'repeated', application: earlier };
    }

    try {
      await this.db.transaction((trx) => this.insertIn(trx, application, claim));
    } catch (error) {
      // Two requests with one key raced: the loser answers with the winner's application.
      if (claim && isUniqueViolation(error)) {
        const earlier = await this.findByIdempotencyKey(claim);
        if (earlier) return { kind: 'repeated', application: earlier };
      }
      throw error;
    }
    return { kind: 'inserted', application: (await this.findById(application.id))! };
  }

  async findById(id: string): Promise<StoredApplication | undefined> {
    const row = await this.withItemsQuery().where({ id }).first();
    return row ? withItems(row) : undefined;
  }

  async findByReceiptNumber(receiptNumber: string): Promise<StoredApplication | undefined> {
    const row = await this.withItemsQuery().where({ receipt_number: receiptNumber }).first();
    return row ? withItems(row) : undefined;
  }

  /**
   * Ids of applications still waiting for their instance whose lease has run out, oldest
   * first, each leased to the caller for `leaseMs` so no other starter takes it meanwhile.
   */
  async leaseDueStarts(limit: number, leaseMs: number): Promise<string[]> {
    const now = new Date(this.clock.now());
    const due = await this.db('applications')
      .select('id', 'start_due_at')
      .where({ state: 'accepted' })
      .andWhere('start_due_at', '<=', now)
      .orderBy('start_due_at')
      .limit(limit);

    const leased: string[] = [];
    for (const row of due) {
      const taken = await this.db('applications')
        .where({ id: row.id, state: 'accepted' })
        .andWhere('start_due_at', '<=', now)
        .update({
          start_due_at: new Date(this.clock.now() + leaseMs),
          start_attempts: this.db.raw('start_attempts + 1'),
        });
      if (taken === 1) leased.push(row.id);
    }
    return leased;
  }

  /**
   * Records the instance started for an application, unless another instance is already
   * recorded (`conflict`: the caller must cancel the instance it holds).
   */
  async recordInstance(id: string, processInstanceKey: string): Promise<InstanceRecordOutcome> {
    return this.db.transaction(async (trx) => {
      const row = await trx('applications').where({ id }).forUpdate().first();
      if (!row) throw new ServerError('APPLICATION_NOT_FOUND');
      if (row.process_instance_key === processInstanceKey) return 'already-recorded';
      if (row.process_instance_key) return 'conflict';

      await trx('applications')
        .where({ id })
        .update({
          process_instance_key: processInstanceKey,
          state: row.state === 'accepted' ? 'started' : row.state,
          started_at: new Date(this.clock.now()),
          last_start_error: null,
        });
      await this.appendEvent(trx, id, 'started', undefined, { processInstanceKey });
      return 'recorded';
    });
  }

  /** Notes a failed start; the background starter tries again at `retryAt`. */
  async recordStartFailure(id: string, message: string, retryAt: number): Promise<void> {
    await this.db.transaction(async (trx) => {
      const updated = await trx('applications')
        .where({ id, state: 'accepted' })
        .update({ last_start_error: message.slice(0, 500), start_due_at: new Date(retryAt) });
      if (updated === 1) await this.appendEvent(trx, id, 'start-failed', undefined, { message });
    });
  }

  /** Notes that a duplicate instance was found and cancelled. */
  async recordDuplicateCancelled(id: string, processInstanceKey: string): Promise<void> {
    await this.appendEvent(this.db, id, 'duplicate-instance-cancelled', undefined, {
      processInstanceKey,
    });
  }

  /**
   * The department took the item: 待受理 → 审核中, with its event, in one statement. Later
   * states are kept; `changed` says whether the item moved now.
   */
  async markRequested(id: string, item: ItemCode): Promise<{ changed: boolean }> {
    const now = new Date(this.clock.now());
    const result = await this.db.raw(
      `with moved as (
         update application_items set state = 'in-review', updated_at = ?
         where application_id = ? and item = ? and state = 'pending'
         returning application_id, item)
       insert into application_events (application_id, at, type, item)
       select application_id, ?, 'item-requested', item from moved
       returning id`,
      [now, id, item, now],
    );
    return { changed: (result.rows?.length ?? 0) > 0 };
  }

  /**
   * Records a department's decision. The same outcome again is a no-op; a different
   * outcome for a decided item → `OUTCOME_CONFLICT`.
   */
  async recordOutcome(id: string, result: ItemResult): Promise<ItemWriteOutcome> {
    return this.writeItem(id, result.item, async (trx, current) => {
      if (current.result) {
        if (current.result.outcome === result.outcome) return undefined;
        throw new ServerError('OUTCOME_CONFLICT');
      }
      await this.appendEvent(trx, id, 'item-decided', result.item, {
        outcome: result.outcome,
        ...(result.reason ? { reason: result.reason } : {}),
      });
      return {
        state: result.outcome === 'approved' ? 'completed' : 'rejected',
        result,
        // A refused card is never mailed.
        ...(current.mailing && result.outcome === 'rejected'
          ? { mailing: { state: 'not-requested' as const } }
          : {}),
      };
    });
  }

  /** Records an escalation; an undecided item becomes 逾期督办. Only the first is kept. */
  async recordEscalation(id: string, item: ItemCode, escalation: Escalation) {
    return this.writeItem(id, item, async (trx, current) => {
      if (current.escalation) return undefined;
      await this.appendEvent(trx, id, 'item-escalated', item, { ...escalation });
      return { escalation, ...(current.result ? {} : { state: 'overdue' as const }) };
    });
  }

  /** Records that the approved card was mailed. Only the first mailing is kept. */
  async recordMailing(id: string, mailing: Mailing): Promise<ItemWriteOutcome> {
    return this.writeItem(id, 'social-security-card', async (trx, current) => {
      if (current.mailing?.state === 'mailed') return undefined;
      if (current.result?.outcome !== 'approved' || !current.mailing) {
        throw new ServerError('INVALID_REQUEST', {
          message: '社会保障卡尚未审批通过，或申请人未要求邮寄，不能登记邮寄',
        });
      }
      await this.appendEvent(trx, id, 'card-mailed', 'social-security-card', {
        trackingNumber: mailing.trackingNumber,
      });
      return { mailing };
    });
  }

  /** The application's timeline, oldest first. */
  async events(id: string): Promise<ApplicationEvent[]> {
    const rows = await this.db('application_events').where({ application_id: id }).orderBy('id');
    return rows.map((row) => ({
      at: iso(row.at),
      type: row.type,
      ...(row.item ? { item: row.item } : {}),
      ...(row.data ? { data: row.data } : {}),
    }));
  }

  /** Applications matching the filter, newest first, and how many match in all. */
  async list(
    filter: ApplicationFilter,
  ): Promise<{ total: number; applications: StoredApplication[] }> {
    const query = this.db('applications').where((where) => {
      if (filter.city) where.where('applications.city', filter.city);
      if (filter.applicationState) where.where('applications.state', filter.applicationState);
      if (filter.item || filter.itemState || filter.overdue) {
        where.whereExists((sub) => {
          sub
            .select(this.db.raw('1'))
            .from('application_items')
            .whereRaw('application_items.application_id = applications.id');
          if (filter.item) sub.where('application_items.item', filter.item);
          if (filter.itemState) sub.where('application_items.state', filter.itemState);
          if (filter.overdue) sub.where('application_items.state', 'overdue');
        });
      }
    });

    const [{ count }] = (await query.clone().count({ count: '*' })) as [{ count: string }];
    const rows = await query
      .clone()
      .select(...this.withItemsColumns())
      .orderBy('received_at', 'desc')
      .orderBy('id')
      .limit(filter.limit)
      .offset(filter.offset);
    const applications = rows.map(withItems);
    return { total: Number(count), applications };
  }

  /** Stores an uploaded material, not yet attached to an application. */
  async insertMaterial(material: StoredMaterial, content: Buffer): Promise<void> {
    await this.db('materials').insert({
      id: material.id,
      kind: material.kind,
      content_type: material.contentType,
      content,
      size: material.size,
      width: material.width,
      height: material.height,
      sha256: material.sha256,
      uploaded_by: material.uploadedBy,
      created_at: new Date(this.clock.now()),
    });
  }

  async findMaterial(id: string): Promise<StoredMaterial | undefined> {
    const row = await this.db('materials').where({ id }).first(materialColumns);
    return row ? toMaterial(row) : undefined;
  }

  /** An application's material of one kind, with its bytes. */
  async materialOf(
    applicationId: string,
    kind: string,
  ): Promise<{ material: StoredMaterial; content: Buffer } | undefined> {
    const row = await this.db('materials')
      .where({ application_id: applicationId, kind })
      .first([...materialColumns, 'content']);
    return row ? { material: toMaterial(row), content: Buffer.from(row.content) } : undefined;
  }

  // --- helpers below ---

  private async insertIn(trx: Knex.Transaction, app: NewApplication, claim?: IdempotencyClaim) {
    const now = this.clock.now();
    const receiptNumber = await this.nextReceiptNumber(trx, app.city, now);

    await trx('applications').insert({
      id: app.id,
      receipt_number: receiptNumber,
      city: app.city,
      channel: app.channel,
      submitted_by: app.submittedBy,
      form: JSON.stringify(app.form),
      identity_verified_by: app.identityVerifiedBy,
      state: 'accepted',
      start_attempts: 1,
      start_due_at: new Date(now + app.startLeaseMs),
      received_at: new Date(now),
    });
    await trx('application_items').insert(
      app.form.items.map((item) => ({
        application_id: app.id,
        item,
        department: itemDepartment(item, app.city),
        state: 'pending',
        mailing:
          item === 'social-security-card'
            ? JSON.stringify({ state: app.form.card?.mailCard ? 'awaiting' : 'not-requested' })
            : null,
        updated_at: new Date(now),
      })),
    );
    if (claim) {
      await trx('idempotency_keys').insert({
        principal: claim.principal,
        key: claim.key,
        request_hash: claim.requestHash,
        application_id: app.id,
        created_at: new Date(now),
      });
    }
    await this.attachMaterials(trx, app);
    await this.appendEvent(trx, app.id, 'received', undefined, {
      channel: app.channel,
      items: app.form.items,
    });
  }

  private async attachMaterials(trx: Knex.Transaction, app: NewApplication) {
    if (app.materialIds.length === 0) return;
    const attached = await trx('materials')
      .whereIn('id', app.materialIds)
      .andWhere({ uploaded_by: app.submittedBy })
      .whereNull('application_id')
      .update({ application_id: app.id });
    if (attached !== app.materialIds.length) throw new ServerError('MATERIAL_NOT_FOUND');
  }

  private async nextReceiptNumber(trx: Knex.Transaction, city: string, now: number) {
    const day = beijingDay(now);
    const [row] = await trx('receipt_counters')
      .insert({ city, day, last: 1 })
      .onConflict(['city', 'day'])
      .merge({ last: trx.raw('receipt_counters.last + 1') })
      .returning('last');
    return formatReceiptNumber(city, day, Number(row.last));
  }

  /**
   * The application first stored under this principal's key; `IDEMPOTENCY_KEY_REUSED`
   * when that key came with another body.
   */
  async findByIdempotencyKey(claim: IdempotencyClaim): Promise<StoredApplication | undefined> {
    const row = await this.db('idempotency_keys')
      .where({ principal: claim.principal, key: claim.key })
      .first();
    if (!row) return undefined;
    if (row.request_hash !== claim.requestHash) throw new ServerError('IDEMPOTENCY_KEY_REUSED');
    return this.findById(row.application_id);
  }

  private async writeItem(
    id: string,
    item: ItemCode,
    decide: (
      trx: Knex.Transaction,
      current: StoredItem,
    ) => Promise<
      Partial<Pick<StoredItem, 'state' | 'result' | 'escalation' | 'mailing'>> | undefined
    >,
  ): Promise<ItemWriteOutcome> {
    return this.db.transaction(async (trx) => {
      // Locks the item and its application, so two items decided at once finish it once.
      const row = await trx('application_items')
        .join('applications', 'applications.id', 'application_items.application_id')
        .where({ 'application_items.application_id': id, 'application_items.item': item })
        .forUpdate()
        .first('application_items.*');
      if (!row) {
        const exists = await trx('applications').where({ id }).first('id');
        throw new ServerError(exists ? 'ITEM_NOT_CHOSEN' : 'APPLICATION_NOT_FOUND');
      }

      const current = toItem(row);
      const change = await decide(trx, current);
      if (!change) return { item: current, changed: false };

      const next: StoredItem = { ...current, ...change, updatedAt: iso(this.clock.now()) };
      await trx('application_items')
        .where({ application_id: id, item })
        .update({
          state: next.state,
          result: next.result ? JSON.stringify(next.result) : null,
          escalation: next.escalation ? JSON.stringify(next.escalation) : null,
          mailing: next.mailing ? JSON.stringify(next.mailing) : null,
          updated_at: new Date(this.clock.now()),
        });
      if (change.result) await this.finishWhenAllDecided(trx, id);
      return { item: next, changed: true };
    });
  }

  /** Marks the application finished when no item is left undecided, once. */
  private async finishWhenAllDecided(trx: Knex.Transaction, id: string) {
    const finished = await trx('applications')
      .where({ id })
      .whereNot({ state: 'finished' })
      .whereNotExists((open) =>
        open
          .select(trx.raw('1'))
          .from('application_items')
          .where({ application_id: id })
          .whereNotIn('state', ['completed', 'rejected']),
      )
      .update({ state: 'finished', finished_at: new Date(this.clock.now()) });
    if (finished === 1) await this.appendEvent(trx, id, 'finished');
  }

  private async appendEvent(
    db: Knex,
    id: string,
    type: ApplicationEvent['type'],
    item?: ItemCode,
    data?: Record<string, unknown>,
  ) {
    await db('application_events').insert({
      application_id: id,
      at: new Date(this.clock.now()),
      type,
      item: item ?? null,
      data: data ? JSON.stringify(data) : null,
    });
  }

  /** Applications with their items as one JSON column, so a read is one statement. */
  private withItemsQuery() {
    return this.db('applications').select(...this.withItemsColumns());
  }

  private withItemsColumns() {
    return [
      'applications.*',
      this.db.raw(
        `coalesce((select json_agg(i) from application_items i
           where i.application_id = applications.id), '[]'::json) as items`,
      ),
    ];
  }
}

const itemOrder = Object.keys(contractItems);

function withItems(row: Record<string, unknown>): StoredApplication {
  const items = (json(row.items) as Record<string, unknown>[])
    .map(toItem)
    .sort((a, b) => itemOrder.indexOf(a.item) - itemOrder.indexOf(b.item));
  return toApplication(row, items);
}

const materialColumns = [
  'id',
  'kind',
  'content_type',
  'size',
  'width',
  'height',
  'sha256',
  'uploaded_by',
  'application_id',
];

function toApplication(row: Record<string, unknown>, items: StoredItem[]): StoredApplication {
  return {
    id: row.id as string,
    receiptNumber: row.receipt_number as string,
    city: row.city as string,
    channel: row.channel as Channel,
    submittedBy: row.submitted_by as string,
    form: json(row.form) as ApplicationForm,
    identityVerifiedBy: row.identity_verified_by as IdentityVerification,
    state: row.state as ApplicationState,
    ...(row.process_instance_key ? { processInstanceKey: row.process_instance_key as string } : {}),
    startAttempts: Number(row.start_attempts),
    ...(row.last_start_error ? { lastStartError: row.last_start_error as string } : {}),
    receivedAt: iso(row.received_at),
    ...(row.started_at ? { startedAt: iso(row.started_at) } : {}),
    ...(row.finished_at ? { finishedAt: iso(row.finished_at) } : {}),
    items,
  };
}

function toItem(row: Record<string, unknown>): StoredItem {
  return {
    item: row.item as ItemCode,
    department: row.department as string,
    state: row.state as ItemState,
    ...(row.result ? { result: json(row.result) as ItemResult } : {}),
    ...(row.escalation ? { escalation: json(row.escalation) as Escalation } : {}),
    ...(row.mailing ? { mailing: json(row.mailing) as StoredItem['mailing'] } : {}),
    updatedAt: iso(row.updated_at),
  };
}

function toMaterial(row: Record<string, unknown>): StoredMaterial {
  return {
    id: row.id as string,
    kind: row.kind as string,
    contentType: row.content_type as string,
    size: Number(row.size),
    width: Number(row.width),
    height: Number(row.height),
    sha256: row.sha256 as string,
    uploadedBy: row.uploaded_by as string,
    ...(row.application_id ? { applicationId: row.application_id as string } : {}),
  };
}

function json(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function iso(value: unknown): string {
  return new Date(value as string | number | Date).toISOString();
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | undefined)?.code === '23505';
}
