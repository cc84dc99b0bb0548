/**
 * The job workers: one per job type of the provincial model, grouped by the department
 * that runs them (`hrss`, `medical`, `tax`, `tax-qingdao`, `housing-fund`) and the
 * province's own platform steps (`province`: deadline, escalation, outcome, notification).
 */
import {
  startWorkers,
  workerGroups,
  type RunningWorkers,
  type WorkerEnvironment,
} from './worker-groups.ts';

export {
  groupDatabaseOwners,
  startWorkerGroup,
  startWorkers,
  workerGroups,
  type OpenedDatabase,
  type RunningWorkers,
  type WorkerEnvironment,
  type WorkerGroup,
} from './worker-groups.ts';
export type { ApplicationSource } from './application-source/application-source.ts';
export type { NotificationSender } from './notification/notification-sender.ts';

/**
 * Starts every group's workers in this process, as `npm start` does beside the embedded
 * engine and the server. Stop them before closing `environment.zeebe`.
 */
export function startAllWorkers(environment: WorkerEnvironment): Promise<RunningWorkers> {
  return startWorkers(environment, workerGroups);
}
