import { items, jobTypes } from '../../../bpmn/process-contract.ts';
import type { JobWorkerDefinition } from '../../jobs/job-worker.ts';
import { submitWorker, type SubmitDependencies } from '../submit-worker.ts';
import type { ContributionRequest, TaxSystem } from './tax-system.ts';

/**
 * A tax bureau's job worker: the contribution declaration submit job, on
 * `tax.contribution-declaration.submit` for the province's bureau and on
 * `tax-qingdao.contribution-declaration.submit` for Qingdao's (the same code).
 */
export function taxWorkers(
  bureau: 'tax' | 'tax-qingdao',
  tax: TaxSystem,
  dependencies: SubmitDependencies,
): JobWorkerDefinition[] {
  const taskType =
    bureau === 'tax'
      ? items['contribution-declaration'].submitJobType
      : jobTypes.qingdaoContributionDeclaration;
  return [
    submitWorker<ContributionRequest>(
      {
        item: 'contribution-declaration',
        taskType,
        department: bureau,
        submit: (request) => tax.declareContributions(request),
      },
      dependencies,
    ),
  ];
}
