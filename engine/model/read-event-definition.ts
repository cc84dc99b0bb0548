/**
 * Event definitions of the events the engine runs: none, terminate, timer, message and error,
 * read with the rules Zeebe applies to each kind of event. Other kinds are refused as
 * unsupported by the caller.
 */

import { checkTimerValue } from '../timer/index.ts';
import type { EventDefinition, TimerDefinition } from './executable-process.ts';
import type { ProblemList } from './bpmn-problems.ts';
import { body, single, text, type ModdleElement } from './moddle-element.ts';
import { readExpression } from './read-expression.ts';
import { readMessageSubscription } from './read-zeebe-extensions.ts';

export type TimerKind = TimerDefinition['kind'];

const TIMER_PROPERTIES: Record<TimerKind, string> = {
  duration: 'timeDuration',
  date: 'timeDate',
  cycle: 'timeCycle',
};

/** A timer whose kind is one of `allowed`; `rule` says which kinds the event may have. */
export function readTimer(
  problems: ProblemList,
  event: ModdleElement,
  definition: ModdleElement,
  allowed: readonly TimerKind[],
  rule: string,
  now: number,
): EventDefinition | undefined {
  const kinds = (Object.keys(TIMER_PROPERTIES) as TimerKind[]).filter((kind) =>
    single(definition, TIMER_PROPERTIES[kind]),
  );
  const kind = kinds[0];
  if (kinds.length !== 1 || kind === undefined) {
    problems.invalid(
      event,
      'must have exactly one of timeDuration, timeDate or timeCycle',
      'bpmn:timerEventDefinition',
    );
    return undefined;
  }

  const attribute = `bpmn:${TIMER_PROPERTIES[kind]}`;
  if (!allowed.includes(kind)) {
    problems.invalid(event, rule, attribute);
    return undefined;
  }

  const value = readExpression(
    problems,
    event,
    attribute,
    body(definition, TIMER_PROPERTIES[kind]),
  );
  if (value?.kind === 'static') {
    const problem = checkTimerValue(kind, value.value, now);
    if (problem) {
      problems.invalid(event, problem, attribute);
      return undefined;
    }
  }

  return value ? { kind: 'timer', timer: { kind, value } } : undefined;
}

/** A message catch event's message. */
export function readMessage(
  problems: ProblemList,
  event: ModdleElement,
  definition: ModdleElement,
): EventDefinition | undefined {
  return readMessageSubscription(
    problems,
    event,
    single(definition, 'messageRef'),
    'bpmn:messageEventDefinition messageRef',
  );
}

/**
 * An error catch event's error: without an error, or with an empty error code, it catches
 * every error; the code must be static (Zeebe matches it as written).
 */
export function readCaughtError(
  problems: ProblemList,
  event: ModdleElement,
  definition: ModdleElement,
): EventDefinition | undefined {
  const error = single(definition, 'errorRef');
  const errorCode = error ? text(error, 'errorCode') : undefined;
  if (errorCode === undefined || errorCode === '') {
    return { kind: 'error' };
  }

  if (errorCode.startsWith('=')) {
    problems.invalid(
      event,
      `the error code of a catch event must not be an expression, found '${errorCode}'`,
      `error <${error?.id ?? ''}> errorCode`,
    );
    return undefined;
  }

  return { kind: 'error', errorCode: { kind: 'static', value: errorCode } };
}

/** An error end event's error: it must have an error code, static or FEEL. */
export function readThrownError(
  problems: ProblemList,
  event: ModdleElement,
  definition: ModdleElement,
): EventDefinition | undefined {
  const error = single(definition, 'errorRef');
  if (!error) {
    problems.invalid(
      event,
      'must reference an error with an error code',
      'bpmn:errorEventDefinition errorRef',
    );
    return undefined;
  }

  const errorCode = readExpression(
    problems,
    event,
    `error <${error.id ?? ''}> errorCode`,
    text(error, 'errorCode'),
  );
  return errorCode ? { kind: 'error', errorCode } : undefined;
}
