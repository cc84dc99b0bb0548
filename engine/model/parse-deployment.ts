/**
 * Deployment parsing: BPMN XML with Zeebe extensions (bpmn-moddle + zeebe-bpmn-moddle) into
 * the executable processes the runtime runs. Every executable process of the file is read
 * (collaborations included); all problems are collected and refused together in one
 * `EngineError` naming each element by id and type. Pure: no database, no clock beyond
 * checking static timer values.
 */

import { BpmnModdle, type ModdleWarning } from 'bpmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { EngineError } from '../errors.ts';
import { deploymentRefused, ProblemList, type BpmnProblem } from './bpmn-problems.ts';
import { checkProcess } from './check-process.ts';
import type { ExecutableProcess } from './executable-process.ts';
import { isElement, list, type ModdleElement } from './moddle-element.ts';
import { readProcess, type UnresolvedReferences } from './read-process.ts';

export interface BpmnCheck {
  /** The executable processes; complete only when `problems` is empty. */
  processes: ExecutableProcess[];
  problems: BpmnProblem[];
}

export interface ParseOptions {
  /** The deployment time (ms since the epoch), for checking static timer values. */
  now?: number;
}

const moddle = new BpmnModdle({ zeebe: zeebeSchema });

/** Resource names a BPMN deployment accepts. */
export function isBpmnResourceName(name: string): boolean {
  return /\.(bpmn|xml)$/i.test(name);
}

/**
 * The executable processes of a BPMN resource, in document order.
 *
 * @throws EngineError `RESOURCE_NOT_BPMN` for another kind of file, `BPMN_PARSE_FAILED` for
 *   XML that is malformed or not BPMN, else one error listing every problem with the code of
 *   the gravest: `BPMN_UNSUPPORTED_ELEMENT`, `BPMN_INVALID`, `FEEL_SYNTAX_ERROR`.
 */
export async function parseBpmn(
  xml: string | Uint8Array,
  resourceName: string,
  options: ParseOptions = {},
): Promise<ExecutableProcess[]> {
  const { processes, problems } = await checkBpmn(xml, resourceName, options);
  if (problems.length > 0) {
    throw deploymentRefused(resourceName, problems);
  }

  return processes;
}

/**
 * As `parseBpmn`, but model problems come back as data (for a modeller's lint); only a
 * resource that is not BPMN XML at all throws.
 */
export async function checkBpmn(
  xml: string | Uint8Array,
  resourceName: string,
  options: ParseOptions = {},
): Promise<BpmnCheck> {
  if (!isBpmnResourceName(resourceName)) {
    throw new EngineError(
      'RESOURCE_NOT_BPMN',
      `Cannot deploy '${resourceName}': only BPMN resources ending in .bpmn or .xml are accepted`,
    );
  }

  const { definitions, warnings } = await readXml(decode(xml, resourceName), resourceName);
  const problems = new ProblemList();
  const unresolved = unresolvedReferences(warnings);

  const executable = list(definitions, 'rootElements').filter(
    (element) => element.$type === 'bpmn:Process' && element.isExecutable === true,
  );
  if (executable.length === 0) {
    problems.invalid(
      definitions,
      'must contain at least one executable process (isExecutable="true")',
    );
  }

  const context = { problems, unresolved, now: options.now ?? Date.now() };
  const processes = executable.map((element) => {
    const reading = readProcess(context, element);
    checkProcess(context, reading, element);
    return reading.process;
  });

  return { processes, problems: problems.problems };
}

// helpers ----------

function decode(xml: string | Uint8Array, resourceName: string): string {
  if (typeof xml === 'string') {
    return xml;
  }

  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(xml);
  } catch (error) {
    throw new EngineError(
      'BPMN_PARSE_FAILED',
      `Cannot parse '${resourceName}': it is not UTF-8 text`,
      {
        cause: error,
      },
    );
  }
}

async function readXml(
  xml: string,
  resourceName: string,
): Promise<{ definitions: ModdleElement; warnings: ModdleWarning[] }> {
  let result;
  try {
    result = await moddle.fromXML(xml, 'bpmn:Definitions');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const details = (error as { warnings?: ModdleWarning[] }).warnings ?? [];
    throw parseFailed(resourceName, [reason, ...details.map((w) => w.message)], error);
  }

  const unparsable = result.warnings.filter((w) => w.message.startsWith('unparsable content'));
  if (unparsable.length > 0 || !isElement(result.rootElement)) {
    throw parseFailed(
      resourceName,
      unparsable.map((w) => w.message),
    );
  }

  return { definitions: result.rootElement, warnings: result.warnings };
}

/** `unparsable content <x> detected\n\tline: 3\n\tcolumn: 4\n\tnested error: …` → one line. */
function parseFailed(resourceName: string, reasons: string[], cause?: unknown): EngineError {
  const lines = reasons.map((reason) => {
    const [headline = reason, ...details] = reason.split('\n').map((part) => part.trim());
    const field = (name: string) =>
      details
        .find((d) => d.startsWith(`${name}:`))
        ?.slice(name.length + 1)
        .trim();
    const line = field('line');
    const where =
      line === undefined ? '' : ` at line ${Number(line) + 1}, column ${field('column') ?? '?'}`;
    const nested = field('nested error');
    return `- ${headline}${where}${nested ? `: ${nested}` : ''}`;
  });

  return new EngineError(
    'BPMN_PARSE_FAILED',
    `Cannot parse '${resourceName}' as BPMN XML:\n${lines.join('\n')}`,
    { cause },
  );
}

function unresolvedReferences(warnings: ModdleWarning[]): UnresolvedReferences {
  const unresolved: UnresolvedReferences = new Map();
  for (const warning of warnings) {
    if (warning.message.startsWith('unresolved reference') && warning.element?.id) {
      unresolved.set(`${warning.element.id}|${warning.property ?? ''}`, String(warning.value));
    }
  }

  return unresolved;
}
