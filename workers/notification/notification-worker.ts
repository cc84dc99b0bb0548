import { jobTypes } from '../../bpmn/process-contract.ts';
import type { ApplicationSource } from '../application-source/application-source.ts';
import { completed, type JobWorkerDefinition } from '../jobs/job-worker.ts';
import { requireVariable } from '../jobs/job-variables.ts';
import type { NotificationOutbox } from './notification-outbox.ts';
import { resultsMessage } from './results-message.ts';

/**
 * `notification.send-results`: reads the whole application (province token), stores the
 * results notification in the outbox (once per application, whatever the deliveries) and
 * completes; the outbox sends it now and retries later if the sender fails.
 */
export function notificationWorker(
  source: ApplicationSource,
  outbox: NotificationOutbox,
): JobWorkerDefinition {
  return {
    taskType: jobTypes.notifyResults,
    department: 'province',
    fetchVariables: ['applicationId'],

    async handle(job, logger) {
      const applicationId = requireVariable(job, 'applicationId');
      const application = await source.application(applicationId, {
        processInstanceKey: job.processInstanceKey,
      });

      const added = await outbox.enqueue({
        key: `results:${applicationId}`,
        applicationId,
        recipient: application.form.applicant.phone,
        body: resultsMessage(application),
      });
      logger.info({ added }, 'results notification stored');

      // Sending is the outbox's job; a failure here is retried by its dispatcher.
      await outbox.dispatchDue().catch((error: unknown) => {
        logger.warn({ err: { message: (error as Error).message } }, 'outbox dispatch failed');
      });
      return completed();
    },
  };
}
