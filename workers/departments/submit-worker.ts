import type { Department, ItemCode } from '../../bpmn/process-contract.ts';
import type { ItemRequest } from '../../server/department-api/contract.ts';
import { sectionOfItem } from '../../server/form/application-form.ts';
import type { ApplicationSource, CallContext } from '../application-source/application-source.ts';
import { WorkerError } from '../errors.ts';
import { completed, itemRejected, type JobWorkerDefinition } from '../jobs/job-worker.ts';
import { requireVariable } from '../jobs/job-variables.ts';
import type { DepartmentAnswer } from './department-system.ts';
import type { ResultPublisher } from './result-publisher.ts';

export interface SubmitWorkerOptions<Request extends ItemRequest> {
  item: ItemCode;
  taskType: string;
  department: Department;
  /** Hands the request to the department's system (through its one interface). */
  submit(request: Request, context: CallContext): Promise<DepartmentAnswer>;
}

export interface SubmitDependencies {
  source: ApplicationSource;
  publisher: ResultPublisher;
}

/**
 * The worker of an item's submit job: reads the item's request from the application source
 * by the job's `applicationId`, hands it to the department, and settles the job:
 * - approved at once → publishes the result message (the instance takes it when it starts
 *   waiting), then completes;
 * - refused at once → `ITEM_REJECTED` with `{ result }`;
 * - pending review → completes; the decision comes later through the department's feed.
 */
export function submitWorker<Request extends ItemRequest>(
  options: SubmitWorkerOptions<Request>,
  dependencies: SubmitDependencies,
): JobWorkerDefinition {
  return {
    taskType: options.taskType,
    department: options.department,
    fetchVariables: ['applicationId'],

    async handle(job, logger) {
      const applicationId = requireVariable(job, 'applicationId');
      const context = { processInstanceKey: job.processInstanceKey };
      const request = await dependencies.source.itemRequest(applicationId, options.item, context);
      assertSection(request, options.item);

      const answer = await options.submit(request as Request, context);
      if (answer.state === 'pending') {
        logger.info({ item: options.item }, 'item awaiting review');
        return completed();
      }
      if (answer.result.outcome === 'rejected') return itemRejected(answer.result);

      await dependencies.publisher.publish(applicationId, answer.result);
      logger.info({ item: options.item, outcome: 'approved' }, 'item decided');
      return completed();
    },
  };
}

/** The item's section of the form must have come with the request. */
function assertSection(request: ItemRequest, item: ItemCode): void {
  const section = sectionOfItem[item];
  if (section && request.form[section] === undefined) {
    throw new WorkerError('APPLICATION_SOURCE_REFUSED', `申请中缺少 ${item} 事项的表单内容`);
  }
}
