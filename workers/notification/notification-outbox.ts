import type { Database } from '../../platform/database.ts';
import type { Logger } from '../../platform/logger.ts';
import type { NotificationSender } from './notification-sender.ts';

/** A notification to be sent, identified by `key` (e.g. `results:<applicationId>`). */
export interface NewNotification {
  key: string;
  applicationId: string;
  recipient: string;
  body: string;
}

export interface NotificationOutboxOptions {
  sender: NotificationSender;
  logger: Logger;
  clock?: () => Date;
  /** Attempts before a notification is marked failed (default 10). */
  maxAttempts?: number;
  /** How long an attempt keeps a notification from other dispatchers, in ms (default 60 s). */
  leaseMs?: number;
}

/**
 * The notification worker's outbox: notifications are stored first (idempotently, by key)
 * and sent after, with retries and back-off, so a sender that is down delays a notification
 * but never loses it, and one stored twice is sent once.
 */
export class NotificationOutbox {
  private readonly clock: () => Date;

  constructor(
    private readonly db: Database,
    private readonly options: NotificationOutboxOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Stores the notification unless one with its key exists; answers whether it was new. */
  async enqueue(notification: NewNotification): Promise<boolean> {
    const now = this.clock();
    const inserted = await this.db('outbox')
      .insert({
        key: notification.key,
        application_id: notification.applicationId,
        channel: this.options.sender.channel,
        recipient: notification.recipient,
        body: notification.body,
        state: 'pending',
        created_at: now,
        next_attempt_at: now,
      })
      .onConflict('key')
      .ignore()
      .returning('id');
    return inserted.length > 0;
  }

  /** Sends every pending notification that is due; answers how many were sent. */
  async dispatchDue(): Promise<number> {
    let sent = 0;
    for (let claimed = await this.claim(); claimed; claimed = await this.claim()) {
      if (await this.deliver(claimed)) sent += 1;
    }
    return sent;
  }

  /** Dispatches every `intervalMs` until stopped; `stop()` waits for the round in progress. */
  startDispatching(intervalMs: number): { stop(): Promise<void> } {
    let stopped = false;
    let round: Promise<unknown> = Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const tick = () => {
      round = this.dispatchDue()
        .catch((error: unknown) =>
          this.options.logger.warn(
            { err: { message: (error as Error).message } },
            'outbox round failed',
          ),
        )
        .finally(() => {
          if (!stopped) timer = setTimeout(tick, intervalMs);
        });
    };
    timer = setTimeout(tick, intervalMs);
    return {
      stop: async () => {
        stopped = true;
        clearTimeout(timer);
        await round;
      },
    };
  }

  /** Takes the oldest due notification for one attempt, leased from other dispatchers. */
  private async claim(): Promise<OutboxRow | undefined> {
    const now = this.clock();
    const due = this.db('outbox')
      .select('id')
      .where({ state: 'pending' })
      .where('next_attempt_at', '<=', now)
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked();
    const rows: OutboxRow[] = await this.db('outbox')
      .whereIn('id', due)
      .update({
        attempts: this.db.raw('attempts + 1'),
        next_attempt_at: new Date(now.getTime() + (this.options.leaseMs ?? 60_000)),
      })
      .returning(['id', 'application_id', 'recipient', 'body', 'attempts']);
    return rows[0];
  }

  private async deliver(row: OutboxRow): Promise<boolean> {
    const id = String(row.id);
    const logger = this.options.logger.child({
      notificationId: id,
      applicationId: row.application_id,
    });
    try {
      await this.options.sender.send({
        id,
        applicationId: row.application_id,
        recipient: row.recipient,
        body: row.body,
      });
    } catch (error) {
      await this.failed(row, (error as Error).message ?? String(error), logger);
      return false;
    }
    await this.db('outbox').where({ id: row.id }).update({ state: 'sent', sent_at: this.clock() });
    return true;
  }

  private async failed(row: OutboxRow, message: string, logger: Logger): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 10;
    if (row.attempts >= maxAttempts) {
      await this.db('outbox')
        .where({ id: row.id })
        .update({ state: 'failed', last_error: message });
      logger.error({ attempts: row.attempts }, 'notification not sent, attempts exhausted');
      return;
    }
    const delayMs = Math.min(60_000 * 2 ** (row.attempts - 1), 3_600_000);
    await this.db('outbox')
      .where({ id: row.id })
      .update({ last_error: message, next_attempt_at: new Date(this.clock().getTime() + delayMs) });
    logger.warn(
      { attempts: row.attempts, retryInMs: delayMs },
      'notification not sent, will retry',
    );
  }
}

interface OutboxRow {
  id: string | number;
  application_id: string;
  recipient: string;
  body: string;
  attempts: number;
}
