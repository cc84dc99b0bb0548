import { items } from '../../../bpmn/process-contract.ts';
import type { JobWorkerDefinition } from '../../jobs/job-worker.ts';
import { submitWorker, type SubmitDependencies } from '../submit-worker.ts';
import type { MedicalRequest, MedicalSystem } from './medical-system.ts';

/** The medical insurance department's job worker: the medical enrollment submit job. */
export function medicalWorkers(
  medical: MedicalSystem,
  dependencies: SubmitDependencies,
): JobWorkerDefinition[] {
  return [
    submitWorker<MedicalRequest>(
      {
        item: 'medical-enrollment',
        taskType: items['medical-enrollment'].submitJobType,
        department: 'medical',
        submit: (request) => medical.enroll(request),
      },
      dependencies,
    ),
  ];
}
