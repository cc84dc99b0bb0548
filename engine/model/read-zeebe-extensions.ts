/**
 * Reading Zeebe's extension elements (zeebe-bpmn-moddle): job definitions and headers,
 * input/output mappings, multi-instance settings and message subscriptions, with the checks
 * Zeebe makes on them at deployment.
 */

import type {
  EventDefinition,
  JobDefinition,
  MultiInstanceDefinition,
  VariableMapping,
} from './executable-process.ts';
import type { ProblemList } from './bpmn-problems.ts';
import { body, extensions, list, single, text, type ModdleElement } from './moddle-element.ts';
import { readExpression, readOptionalExpression } from './read-expression.ts';

/** Zeebe's default when `zeebe:taskDefinition` has no `retries`. */
const DEFAULT_RETRIES = '3';

/** Header keys starting with this are Zeebe's own. */
const RESERVED_HEADER_PREFIX = 'io.camunda.zeebe:';

const PATH = /^[a-zA-Z_][a-zA-Z0-9_]*(\.[a-zA-Z_][a-zA-Z0-9_]*)*$/;
const RESERVED_WORDS = new Set(
  'null true false function if then else for between instance of'.split(' '),
);

/** The job of a task with exactly one `zeebe:taskDefinition`. */
export function readJob(
  problems: ProblemList,
  task: ModdleElement,
  definition: ModdleElement,
): JobDefinition | undefined {
  const type = readExpression(
    problems,
    task,
    'zeebe:taskDefinition type',
    text(definition, 'type'),
  );
  const retries = readExpression(
    problems,
    task,
    'zeebe:taskDefinition retries',
    text(definition, 'retries') ?? DEFAULT_RETRIES,
  );
  const headers = readHeaders(problems, task);

  return type && retries ? { type, retries, headers } : undefined;
}

/** `zeebe:taskHeaders`; like Zeebe, a header without key or value is left out. */
export function readHeaders(problems: ProblemList, task: ModdleElement): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!atMostOne(problems, task, 'zeebe:TaskHeaders', 'zeebe:taskHeaders')) {
    return headers;
  }

  for (const header of extensions(task, 'zeebe:TaskHeaders').flatMap((h) => list(h, 'values'))) {
    const key = text(header, 'key');
    const value = text(header, 'value');
    if (key === undefined || value === undefined) {
      continue;
    }

    if (key.startsWith(RESERVED_HEADER_PREFIX)) {
      problems.invalid(task, `header key '${key}' is reserved for Zeebe`, 'zeebe:header');
    } else if (Object.hasOwn(headers, key)) {
      problems.invalid(task, `headers contain the key '${key}' twice`, 'zeebe:header');
    }

    Object.defineProperty(headers, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }

  return headers;
}

/** `zeebe:ioMapping` inputs and outputs. */
export function readMappings(
  problems: ProblemList,
  element: ModdleElement,
): { inputMappings: VariableMapping[]; outputMappings: VariableMapping[] } {
  if (!atMostOne(problems, element, 'zeebe:IoMapping', 'zeebe:ioMapping')) {
    return { inputMappings: [], outputMappings: [] };
  }

  const ioMapping = extensions(element, 'zeebe:IoMapping')[0];
  if (!ioMapping) {
    return { inputMappings: [], outputMappings: [] };
  }

  return {
    inputMappings: readMappingList(problems, element, list(ioMapping, 'inputParameters'), 'input'),
    outputMappings: readMappingList(
      problems,
      element,
      list(ioMapping, 'outputParameters'),
      'output',
    ),
  };
}

/** `bpmn:multiInstanceLoopCharacteristics` with its `zeebe:loopCharacteristics`. */
export function readMultiInstance(
  problems: ProblemList,
  activity: ModdleElement,
  loop: ModdleElement,
): MultiInstanceDefinition | undefined {
  if (single(loop, 'loopCardinality')) {
    problems.unsupported(
      activity,
      'a loop cardinality is not supported; use zeebe:loopCharacteristics inputCollection',
      'bpmn:loopCardinality',
    );
    return undefined;
  }

  const settings = extensions(loop, 'zeebe:LoopCharacteristics');
  if (settings.length !== 1) {
    problems.invalid(
      activity,
      'a multi-instance activity must have exactly one zeebe:loopCharacteristics',
      'bpmn:multiInstanceLoopCharacteristics',
    );
    return undefined;
  }

  return readLoopSettings(problems, activity, loop, settings[0] as ModdleElement);
}

/** The message a catch event or receive task waits for: its name and correlation key. */
export function readMessageSubscription(
  problems: ProblemList,
  owner: ModdleElement,
  message: ModdleElement | undefined,
  reference: string,
): Extract<EventDefinition, { kind: 'message' }> | undefined {
  if (!message) {
    problems.invalid(owner, 'must reference a message', reference);
    return undefined;
  }

  const subscriptions = extensions(message, 'zeebe:Subscription');
  if (subscriptions.length !== 1) {
    problems.invalid(
      owner,
      `message <${message.id ?? ''}> must have exactly one zeebe:subscription with a correlation key`,
      reference,
    );
  }

  const name = readExpression(
    problems,
    owner,
    `message <${message.id ?? ''}> name`,
    text(message, 'name'),
  );
  const correlationKey = subscriptions[0]
    ? readExpression(
        problems,
        owner,
        `message <${message.id ?? ''}> zeebe:subscription correlationKey`,
        text(subscriptions[0], 'correlationKey'),
        { feelOnly: true },
      )
    : undefined;

  return name && correlationKey
    ? { kind: 'message', messageName: name, correlationKey }
    : undefined;
}

// helpers ----------

function readMappingList(
  problems: ProblemList,
  element: ModdleElement,
  parameters: ModdleElement[],
  direction: 'input' | 'output',
): VariableMapping[] {
  const mappings: VariableMapping[] = [];

  for (const parameter of parameters) {
    const target = text(parameter, 'target');
    const source = readExpression(
      problems,
      element,
      `zeebe:${direction} source`,
      text(parameter, 'source'),
      { feelOnly: direction === 'output' },
    );
    const validTarget = checkPath(problems, element, `zeebe:${direction} target`, target);

    if (source && validTarget && target !== undefined) {
      mappings.push({ source, target });
    }
  }

  return mappings;
}

function readLoopSettings(
  problems: ProblemList,
  activity: ModdleElement,
  loop: ModdleElement,
  settings: ModdleElement,
): MultiInstanceDefinition | undefined {
  const attribute = (name: string) => `zeebe:loopCharacteristics ${name}`;
  const inputCollection = readExpression(
    problems,
    activity,
    attribute('inputCollection'),
    text(settings, 'inputCollection'),
    { feelOnly: true },
  );
  const outputCollection = nonEmpty(text(settings, 'outputCollection'));
  const rawOutputElement = nonEmpty(text(settings, 'outputElement'));
  const outputElement = readOptionalExpression(
    problems,
    activity,
    attribute('outputElement'),
    rawOutputElement,
    { feelOnly: true },
  );
  const completionCondition = readOptionalExpression(
    problems,
    activity,
    'bpmn:completionCondition',
    body(loop, 'completionCondition'),
  );

  if ((outputCollection === undefined) !== (rawOutputElement === undefined)) {
    problems.invalid(
      activity,
      'outputCollection and outputElement must be set together',
      attribute(outputCollection === undefined ? 'outputCollection' : 'outputElement'),
    );
    return undefined;
  }

  if (!inputCollection) {
    return undefined;
  }

  const inputElement = nonEmpty(text(settings, 'inputElement'));
  return {
    isSequential: loop.isSequential === true,
    inputCollection,
    ...(inputElement ? { inputElement } : {}),
    ...(outputCollection ? { outputCollection } : {}),
    ...(outputElement ? { outputElement } : {}),
    ...(completionCondition ? { completionCondition } : {}),
  };
}

function checkPath(
  problems: ProblemList,
  element: ModdleElement,
  attribute: string,
  path: string | undefined,
): boolean {
  if (path === undefined || path === '') {
    problems.invalid(element, 'must name a variable', attribute);
    return false;
  }

  if (!PATH.test(path) || RESERVED_WORDS.has(path)) {
    problems.invalid(
      element,
      `'${path}' is not a variable name or path like 'order.total' (letters, digits, '_', dots)`,
      attribute,
    );
    return false;
  }

  return true;
}

function atMostOne(
  problems: ProblemList,
  element: ModdleElement,
  type: string,
  name: string,
): boolean {
  if (extensions(element, type).length > 1) {
    problems.invalid(element, `must not have more than one ${name}`, name);
    return false;
  }

  return true;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}
