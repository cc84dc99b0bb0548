import { items } from '../../../bpmn/process-contract.ts';
import type { JobWorkerDefinition } from '../../jobs/job-worker.ts';
import { submitWorker, type SubmitDependencies } from '../submit-worker.ts';
import type { HousingFundRequest, HousingFundSystem } from './housing-fund-system.ts';

/** The housing fund centre's job worker: the account submit job. */
export function housingFundWorkers(
  housingFund: HousingFundSystem,
  dependencies: SubmitDependencies,
): JobWorkerDefinition[] {
  return [
    submitWorker<HousingFundRequest>(
      {
        item: 'housing-fund-account',
        taskType: items['housing-fund-account'].submitJobType,
        department: 'housing-fund',
        submit: (request) => housingFund.openAccount(request),
      },
      dependencies,
    ),
  ];
}
