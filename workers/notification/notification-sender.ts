import type { Logger } from '../../platform/logger.ts';
import { maskPhone } from '../../platform/masking.ts';

/** A notification as the outbox hands it to a sender. */
export interface OutgoingNotification {
  id: string;
  applicationId: string;
  /** The applicant's mobile number, whole: only the sender sees it. */
  recipient: string;
  /** The text, in Chinese; carries no personal data. */
  body: string;
}

/**
 * Delivers notifications to applicants (an SMS gateway, the provincial app's inbox, …).
 * Throws when delivery failed; the outbox tries again later.
 */
export interface NotificationSender {
  /** Channel name stored with each notification, e.g. `sms`. */
  readonly channel: string;
  send(notification: OutgoingNotification): Promise<void>;
}

/**
 * The default sender: writes the notification to the log, the number masked
 * (`138****5678`), and counts it as delivered. For pilots and development, where no SMS
 * gateway is connected; the outbox table keeps every notification.
 */
export function logNotificationSender(logger: Logger): NotificationSender {
  return {
    channel: 'log',
    async send(notification) {
      logger.info(
        {
          notificationId: notification.id,
          applicationId: notification.applicationId,
          recipient: maskPhone(notification.recipient),
          body: notification.body,
        },
        'notification sent',
      );
    },
  };
}
