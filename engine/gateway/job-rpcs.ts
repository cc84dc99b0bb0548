/**
 * The job RPCs: `ActivateJobs` (with long polling), `StreamActivatedJobs`, and the commands
 * that settle or change a job (`CompleteJob`, `FailJob`, `ThrowError`, `UpdateJobRetries`,
 * `UpdateJobTimeout`).
 */
import type { GatewayContext, UnaryHandler } from './gateway-context.ts';
import type { ActivateJobsCall, PollCommand } from './long-polling.ts';
import { respond } from './long-polling.ts';
import type { JobStreamCall, StreamCommand } from './job-streams.ts';
import {
  atLeast,
  milliseconds,
  requiredText,
  signedMilliseconds,
  variablesDocument,
} from './request-fields.ts';
import type {
  ActivateJobsRequest,
  CompleteJobRequest,
  Empty,
  FailJobRequest,
  StreamActivatedJobsRequest,
  ThrowErrorRequest,
  UpdateJobRetriesRequest,
  UpdateJobTimeoutRequest,
} from './wire.ts';

/** Node's timers take at most 2^31 - 1 ms; a longer long poll ends then. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

const TYPE_EXAMPLE = 'the type of the service task\'s <zeebe:taskDefinition type="…">';

/**
 * `ActivateJobs`: answers at once with the jobs it can activate; with none, waits for jobs
 * (long polling) until `requestTimeout` passes — 0 means the gateway default, a negative
 * value means do not wait — and then ends the call with no jobs.
 */
export async function activateJobs(context: GatewayContext, call: ActivateJobsCall): Promise<void> {
  const { request } = call;
  const command = pollCommand(context, request);
  const requestTimeout = signedMilliseconds('requestTimeout', request.requestTimeout);

  const reportsBefore = context.dispatcher.reportsFor(command.type);
  const jobs = await context.engine.activateJobs(command);
  if (jobs.length > 0) return respond(context.engine, call, jobs);
  if (requestTimeout < 0 || call.cancelled) return void call.end();

  const timeoutMs = Math.min(
    requestTimeout === 0 ? context.settings.longPollTimeoutMs : requestTimeout,
    LONGEST_TIMER_MS,
  );
  context.polls.wait(call, command, timeoutMs);

  // Jobs that became available while we looked were reported to no one waiting yet.
  if (context.dispatcher.reportsFor(command.type) !== reportsBefore) {
    for (const tenantId of command.tenantIds) context.dispatcher.notify(command.type, tenantId);
  }
}

/**
 * `StreamActivatedJobs`: keeps the call open; the engine pushes jobs to it as they come,
 * the ones waiting before it opened included.
 */
export function streamActivatedJobs(context: GatewayContext, call: JobStreamCall): void {
  context.streams.open(call, streamCommand(context, call.request));
}

/** Unary job commands. Completing and failing jobs pass even under back-pressure. */
export function jobRpcs(context: GatewayContext): Record<string, UnaryHandler> {
  const { engine, admission } = context;

  return {
    CompleteJob: async (request: CompleteJobRequest): Promise<Empty> => {
      const variables = variablesDocument('variables', request.variables);
      await admission.run('CompleteJob', () => engine.completeJob(request.jobKey, variables), true);
      return {};
    },

    FailJob: async (request: FailJobRequest): Promise<Empty> => {
      const command = {
        retries: request.retries,
        errorMessage: request.errorMessage || undefined,
        retryBackOffMs: milliseconds('retryBackOff', request.retryBackOff, 0),
        variables: variablesDocument('variables', request.variables),
      };
      await admission.run('FailJob', () => engine.failJob(request.jobKey, command), true);
      return {};
    },

    ThrowError: async (request: ThrowErrorRequest): Promise<Empty> => {
      const command = {
        errorCode: requiredText(
          'errorCode',
          request.errorCode,
          'the code of the error catch event',
        ),
        errorMessage: request.errorMessage || undefined,
        variables: variablesDocument('variables', request.variables),
      };
      await admission.run('ThrowError', () => engine.throwError(request.jobKey, command));
      return {};
    },

    UpdateJobRetries: async (request: UpdateJobRetriesRequest): Promise<Empty> => {
      const retries = atLeast('retries', request.retries, 1);
      await admission.run('UpdateJobRetries', () =>
        engine.updateJobRetries(request.jobKey, retries),
      );
      return {};
    },

    UpdateJobTimeout: async (request: UpdateJobTimeoutRequest): Promise<Empty> => {
      const timeoutMs = milliseconds('timeout', request.timeout, 1);
      await admission.run('UpdateJobTimeout', () =>
        engine.updateJobTimeout(request.jobKey, timeoutMs),
      );
      return {};
    },
  };
}

// helpers ////////////////////

function pollCommand(context: GatewayContext, request: ActivateJobsRequest): PollCommand {
  return {
    type: requiredText('type', request.type, TYPE_EXAMPLE),
    worker: requiredText('worker', request.worker, 'a name for the worker, e.g. "payments-1"'),
    timeoutMs: milliseconds('timeout', request.timeout, 1),
    maxJobsToActivate: atLeast('maxJobsToActivate', request.maxJobsToActivate, 1),
    fetchVariables: request.fetchVariable.length > 0 ? request.fetchVariable : undefined,
    tenantIds: context.tenants.tenants('ActivateJobs', request.tenantIds),
  };
}

function streamCommand(
  context: GatewayContext,
  request: StreamActivatedJobsRequest,
): StreamCommand {
  return {
    type: requiredText('type', request.type, TYPE_EXAMPLE),
    // The protocol lets a stream leave its worker blank; jobs still name one.
    worker: request.worker.trim() === '' ? 'default' : request.worker,
    timeoutMs: milliseconds('timeout', request.timeout, 1),
    fetchVariables: request.fetchVariable.length > 0 ? request.fetchVariable : undefined,
    tenantIds: context.tenants.tenants('StreamActivatedJobs', request.tenantIds),
  };
}
