import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../platform/logger.ts';
import { notificationMigrations } from '../../workers/notification/notification-migrations.ts';
import { NotificationOutbox } from '../../workers/notification/notification-outbox.ts';
import {
  logNotificationSender,
  type NotificationSender,
  type OutgoingNotification,
} from '../../workers/notification/notification-sender.ts';
import { resultsMessage } from '../../workers/notification/results-message.ts';
import { databaseTargets, openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { InMemoryApplicationSource } from './support/in-memory-application-source.ts';
import { syntheticApplication } from './support/synthetic-applications.ts';

/** A sender that fails while `down` and records what it delivered. */
function flakySender(): NotificationSender & { down: boolean; delivered: OutgoingNotification[] } {
  return {
    channel: 'sms',
    down: false,
    delivered: [],
    async send(notification) {
      if (this.down) throw new Error('SMS gateway unreachable');
      this.delivered.push(notification);
    },
  };
}

describe.each(databaseTargets)('the notification outbox on $name', (target) => {
  let database: TestDatabase;
  let now = new Date('2026-03-10T10:00:00+08:00');
  const clock = () => now;
  const logger = createLogger({ level: 'silent' });

  beforeAll(async () => {
    database = await openTestDatabase(target, notificationMigrations);
  });
  afterAll(() => database.drop());

  const notification = {
    key: 'results:a-1',
    applicationId: 'a-1',
    recipient: '13800001234',
    body: '办理结果',
  };

  it('stores a notification once and sends it once', async () => {
    // given a working sender
    await database.db('outbox').delete();
    const sender = flakySender();
    const outbox = new NotificationOutbox(database.db, { sender, logger, clock });

    // when the same notification is stored twice and dispatched twice
    expect(await outbox.enqueue(notification)).toBe(true);
    expect(await outbox.enqueue(notification)).toBe(false);
    expect(await outbox.dispatchDue()).toBe(1);
    expect(await outbox.dispatchDue()).toBe(0);

    // then the applicant got one message and the outbox records it sent
    expect(sender.delivered).toMatchObject([{ recipient: '13800001234', body: '办理结果' }]);
    expect(await database.db('outbox').first('state', 'attempts')).toEqual({
      state: 'sent',
      attempts: 1,
    });
  });

  it('keeps a notification while the sender is down and sends it after the back-off', async () => {
    // given a sender that is down
    await database.db('outbox').delete();
    const sender = flakySender();
    sender.down = true;
    const outbox = new NotificationOutbox(database.db, { sender, logger, clock });
    await outbox.enqueue(notification);

    // when a round fails, then the notification waits with the error
    expect(await outbox.dispatchDue()).toBe(0);
    expect(await database.db('outbox').first('state', 'last_error')).toEqual({
      state: 'pending',
      last_error: 'SMS gateway unreachable',
    });

    // when the sender is back but the back-off has not passed, nothing is sent
    sender.down = false;
    expect(await outbox.dispatchDue()).toBe(0);

    // when the clock passes the back-off, it is sent
    now = new Date(now.getTime() + 61_000);
    expect(await outbox.dispatchDue()).toBe(1);
    expect(sender.delivered).toHaveLength(1);
  });

  it('gives up after the last attempt and marks the notification failed', async () => {
    await database.db('outbox').delete();
    const sender = flakySender();
    sender.down = true;
    const outbox = new NotificationOutbox(database.db, { sender, logger, clock, maxAttempts: 2 });
    await outbox.enqueue(notification);

    await outbox.dispatchDue();
    now = new Date(now.getTime() + 3_600_000);
    await outbox.dispatchDue();

    expect(await database.db('outbox').first('state', 'attempts')).toEqual({
      state: 'failed',
      attempts: 2,
    });
  });
});

describe('the results message and the default sender', () => {
  it('tells each item’s result without the applicant’s personal data', async () => {
    // given an application with one item approved and one refused
    const application = syntheticApplication({
      seed: 4,
      items: ['pension-enrollment', 'housing-fund-account', 'medical-enrollment'],
    });
    const store = new InMemoryApplicationSource().add(application);
    await store.recordOutcome(application.applicationId, {
      item: 'pension-enrollment',
      outcome: 'approved',
      details: { enrollmentNumber: 'YL3701002026000001', insuranceStartMonth: '2026-03' },
      decidedAt: '2026-03-10T10:00:00+08:00',
    });
    await store.recordOutcome(application.applicationId, {
      item: 'housing-fund-account',
      outcome: 'rejected',
      reason: '已有正常缴存状态的住房公积金个人账户',
      decidedAt: '2026-03-10T10:00:00+08:00',
    });

    // when the message is composed
    const text = resultsMessage(await store.application(application.applicationId));

    // then it names the receipt and every item's state, and no personal data
    expect(text).toContain(`受理编号 ${application.receiptNumber}`);
    expect(text).toContain('灵活就业人员参保登记：已办结，参保编号 YL3701002026000001');
    expect(text).toContain(
      '住房公积金个人账户设立：不予受理，原因：已有正常缴存状态的住房公积金个人账户',
    );
    expect(text).toContain('灵活就业人员基本医疗保险参保登记：审核中');
    const { applicant } = application.form;
    for (const personal of [applicant.name, applicant.idNumber, applicant.phone]) {
      expect(text).not.toContain(personal);
    }
  });

  it('logs the notification with the number masked', async () => {
    // given a logger writing into memory
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });

    // when the default sender sends
    const notification = { id: '1', applicationId: 'a-1', recipient: '13812345678', body: '结果' };
    await logNotificationSender(logger).send(notification);

    // then the log has the masked number only
    expect(lines.join('')).toContain('138****5678');
    expect(lines.join('')).not.toContain('13812345678');
  });
});
