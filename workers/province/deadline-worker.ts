import { jobTypes } from '../../bpmn/process-contract.ts';
import { reviewDeadline, ReceivedAtInvalidError } from '../calendar/review-deadline.ts';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.ts';
import { WorkerError } from '../errors.ts';
import { completed, type JobWorkerDefinition } from '../jobs/job-worker.ts';
import { requireVariable } from '../jobs/job-variables.ts';

export interface DeadlineWorkerOptions {
  /**
   * The calendar as the reference data holds it now. Called again, at most once a minute,
   * when a deadline falls in a year without a notice, so a notice a manager just loaded is
   * used without a restart.
   */
  loadCalendar(): WorkingDayCalendar;
  now?: () => Date;
}

/**
 * `calendar.deadline`: from `receivedAt`, the end of one working day after receipt (Beijing
 * time), as `deadline` (ISO 8601, `+08:00`). When the count crosses a year no statutory
 * calendar covers it warns in the log and completes with `deadlineEstimated: true` (Monday
 * to Friday assumed), never silently.
 */
export function deadlineWorker(options: DeadlineWorkerOptions): JobWorkerDefinition {
  const now = options.now ?? (() => new Date());
  let calendar = options.loadCalendar();
  let loadedAt = now().getTime();

  const compute = (receivedAt: string) => {
    try {
      return reviewDeadline(receivedAt, calendar);
    } catch (error) {
      if (!(error instanceof ReceivedAtInvalidError)) throw error;
      throw new WorkerError('JOB_INVALID', error.message, { cause: error });
    }
  };

  return {
    taskType: jobTypes.deadline,
    department: 'province',
    fetchVariables: ['applicationId', 'receivedAt'],

    async handle(job, logger) {
      const receivedAt = requireVariable(job, 'receivedAt');
      let due = compute(receivedAt);
      if (due.uncoveredYears.length > 0 && now().getTime() - loadedAt >= RELOAD_INTERVAL_MS) {
        calendar = options.loadCalendar();
        loadedAt = now().getTime();
        due = compute(receivedAt);
      }

      if (due.uncoveredYears.length > 0) {
        logger.warn(
          {
            uncoveredYears: due.uncoveredYears,
            lastCoveredYear: calendar.lastCoveredYear(),
            dueDay: due.dueDay,
          },
          'no statutory holiday calendar for the year, deadline counted monday to friday',
        );
      }
      logger.debug({ deadline: due.deadline }, 'deadline computed');
      return completed({
        deadline: due.deadline,
        deadlineEstimated: due.uncoveredYears.length > 0,
      });
    },
  };
}

const RELOAD_INTERVAL_MS = 60_000;
