import { items, jobTypes } from '../../../bpmn/process-contract.ts';
import { WorkerError } from '../../errors.ts';
import { completed, type JobWorkerDefinition } from '../../jobs/job-worker.ts';
import { requireVariable } from '../../jobs/job-variables.ts';
import { submitWorker, type SubmitDependencies } from '../submit-worker.ts';
import type { ArchiveRequest, CardRequest, EmploymentRequest, HrssSystem } from './hrss-system.ts';

/**
 * HRSS's job workers: its four items' submit jobs and the mailing of approved cards, all
 * through one `HrssSystem`.
 */
export function hrssWorkers(
  hrss: HrssSystem,
  dependencies: SubmitDependencies,
): JobWorkerDefinition[] {
  const department = 'hrss';
  return [
    submitWorker(
      {
        item: 'pension-enrollment',
        taskType: items['pension-enrollment'].submitJobType,
        department,
        submit: (request) => hrss.enrollPension(request),
      },
      dependencies,
    ),
    submitWorker<CardRequest>(
      {
        item: 'social-security-card',
        taskType: items['social-security-card'].submitJobType,
        department,
        submit: async (request, context) => {
          const photo = await dependencies.source.photo(request.applicationId, context);
          return hrss.applyForCard(request, photo);
        },
      },
      dependencies,
    ),
    submitWorker<ArchiveRequest>(
      {
        item: 'archive-transfer',
        taskType: items['archive-transfer'].submitJobType,
        department,
        submit: (request) => hrss.transferArchive(request),
      },
      dependencies,
    ),
    submitWorker<EmploymentRequest>(
      {
        item: 'employment-registration',
        taskType: items['employment-registration'].submitJobType,
        department,
        submit: (request) => hrss.registerEmployment(request),
      },
      dependencies,
    ),
    cardMailingWorker(hrss, dependencies),
  ];
}

/**
 * `hrss.social-security-card.mail`: posts the approved card and records the tracking
 * number on the application. Completes without posting when the applicant chose the counter.
 */
export function cardMailingWorker(
  hrss: HrssSystem,
  { source }: SubmitDependencies,
): JobWorkerDefinition {
  return {
    taskType: jobTypes.mailCard,
    department: 'hrss',
    fetchVariables: ['applicationId'],

    async handle(job, logger) {
      const applicationId = requireVariable(job, 'applicationId');
      const context = { processInstanceKey: job.processInstanceKey };
      const request = await source.itemRequest(applicationId, 'social-security-card', context);
      if (!request.form.card) {
        throw new WorkerError('APPLICATION_SOURCE_REFUSED', '申请中缺少社会保障卡申领的表单内容');
      }
      if (!request.form.card.mailCard) {
        logger.info('card collected at the counter, nothing to mail');
        return completed();
      }

      const mailed = await hrss.mailCard(request as CardRequest);
      await source.recordMailing(applicationId, { state: 'mailed', ...mailed }, context);
      logger.info({ item: 'social-security-card' }, 'card mailed');
      return completed();
    },
  };
}
