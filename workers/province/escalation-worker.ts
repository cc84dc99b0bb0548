import { itemCodes, jobTypes, type ItemCode } from '../../bpmn/process-contract.ts';
import { itemDepartment } from '../../server/department-api/contract.ts';
import type { ApplicationSource } from '../application-source/application-source.ts';
import { beijingTimestamp } from '../calendar/beijing-time.ts';
import { WorkerError } from '../errors.ts';
import { completed, type JobWorkerDefinition } from '../jobs/job-worker.ts';
import { requireHeader, requireVariable } from '../jobs/job-variables.ts';

/**
 * `sla.escalate`: an item's department did not decide by `deadline`. Records on the
 * application an escalation naming the deciding department (Qingdao's tax bureau for a
 * 3702xx contribution declaration) and the item, which managers see. Idempotent.
 */
export function escalationWorker(
  source: ApplicationSource,
  now: () => Date = () => new Date(),
): JobWorkerDefinition {
  return {
    taskType: jobTypes.escalate,
    department: 'province',
    fetchVariables: ['applicationId', 'city', 'deadline'],

    async handle(job, logger) {
      const applicationId = requireVariable(job, 'applicationId');
      const item = itemOf(requireHeader(job, 'item'));
      const department = itemDepartment(item, requireVariable(job, 'city'));
      const deadline = requireVariable(job, 'deadline');

      await source.recordEscalation(
        applicationId,
        item,
        { department, deadline, raisedAt: beijingTimestamp(now()) },
        { processInstanceKey: job.processInstanceKey },
      );
      logger.warn({ item, escalatedTo: department, deadline }, 'item overdue, escalation raised');
      return completed();
    },
  };
}

/** The job's `item` header as an item code. */
export function itemOf(header: string): ItemCode {
  if (!(itemCodes as string[]).includes(header)) {
    throw new WorkerError('JOB_INVALID', `头信息 item 不是事项代码：${header}`);
  }
  return header as ItemCode;
}
