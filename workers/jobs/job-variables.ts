import { WorkerError } from '../errors.ts';
import type { Job } from './job-worker.ts';

/** Reading what a job carries; a missing or malformed value is `WorkerError` `JOB_INVALID`. */

/** A string process variable the job must carry. */
export function requireVariable(job: Job, name: string): string {
  const value = (job.variables as Record<string, unknown>)[name];
  if (typeof value !== 'string' || value === '') {
    throw new WorkerError('JOB_INVALID', `变量 ${name} 缺失或不是字符串`);
  }
  return value;
}

/** A custom header the job must carry (set on the task in the model). */
export function requireHeader(job: Job, name: string): string {
  const value = (job.customHeaders as Record<string, unknown>)[name];
  if (typeof value !== 'string' || value === '') {
    throw new WorkerError('JOB_INVALID', `头信息 ${name} 缺失`);
  }
  return value;
}
