import { jobTypes } from '../../bpmn/process-contract.ts';
import { itemResultSchema } from '../../server/department-api/contract.ts';
import type { ApplicationSource } from '../application-source/application-source.ts';
import { WorkerError } from '../errors.ts';
import { completed, type JobWorkerDefinition } from '../jobs/job-worker.ts';
import { requireVariable } from '../jobs/job-variables.ts';

/**
 * `application.record-outcome`: writes the item's `result` (approved, or rejected with the
 * reason) back to the application, where the applicant sees it. Idempotent; a different
 * outcome already recorded for the item is refused by the server and ends in an incident.
 */
export function outcomeWorker(source: ApplicationSource): JobWorkerDefinition {
  return {
    taskType: jobTypes.recordOutcome,
    department: 'province',
    fetchVariables: ['applicationId', 'result'],

    async handle(job, logger) {
      const applicationId = requireVariable(job, 'applicationId');
      const parsed = itemResultSchema.safeParse((job.variables as Record<string, unknown>).result);
      if (!parsed.success) {
        const fields = parsed.error.issues.map((issue) => issue.path.join('.') || 'result');
        throw new WorkerError(
          'JOB_INVALID',
          `变量 result 不是事项办理结果（${fields.join('、')}）`,
        );
      }

      await source.recordOutcome(applicationId, parsed.data, {
        processInstanceKey: job.processInstanceKey,
      });
      logger.info({ item: parsed.data.item, outcome: parsed.data.outcome }, 'outcome recorded');
      return completed();
    },
  };
}
