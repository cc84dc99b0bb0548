import type { EngineRecord } from '../../engine/api.ts';
import {
  EngineRecordsUnavailableError,
  type EngineRecordsReader,
} from '../../platform/engine-records-client.ts';
import type { Logger } from '../../platform/logger.ts';

/** One step of an instance as the timeline shows it. */
export interface EngineTimelineEntry {
  at: string;
  source: 'engine';
  /** `<valueType>.<intent>`, e.g. `JOB.COMPLETED`, `INCIDENT.CREATED`. */
  type: string;
  data: Record<string, unknown>;
}

/** The most records read for one instance's timeline. */
const maxRecords = 5_000;

/**
 * The steps of a process instance from the engine's records, for the operations timeline:
 * elements entered and left, jobs, incidents, timers and correlated messages (variables
 * and sequence flows are left out). `undefined` when the records cannot be read now.
 */
export async function engineTimeline(
  reader: EngineRecordsReader,
  processInstanceKey: string,
  logger: Logger,
): Promise<EngineTimelineEntry[] | undefined> {
  const records: EngineRecord[] = [];
  let afterPosition: string | undefined;
  try {
    for (;;) {
      const page = await reader.listRecords({ processInstanceKey, afterPosition, limit: 1_000 });
      records.push(...page.items);
      if (page.items.length < 1_000 || records.length >= maxRecords || !page.nextPosition) break;
      afterPosition = page.nextPosition;
    }
  } catch (error) {
    if (!(error instanceof EngineRecordsUnavailableError)) throw error;
    logger.warn({ processInstanceKey, err: error }, 'engine records unavailable');
    return undefined;
  }
  return records.filter(shown).map(toEntry);
}

const shownIntents: Record<string, string[] | 'all'> = {
  PROCESS_INSTANCE: ['ELEMENT_ACTIVATED', 'ELEMENT_COMPLETED', 'ELEMENT_TERMINATED'],
  JOB: ['CREATED', 'COMPLETED', 'FAILED', 'ERROR_THROWN', 'TIMED_OUT', 'RETRIES_UPDATED'],
  INCIDENT: 'all',
  TIMER: ['TRIGGERED'],
  MESSAGE_SUBSCRIPTION: ['CORRELATED'],
};

function shown(record: EngineRecord): boolean {
  const intents = shownIntents[record.valueType];
  if (!intents) return false;
  if (record.bpmnElementType === 'SEQUENCE_FLOW') return false;
  return intents === 'all' || intents.includes(record.intent);
}

function toEntry(record: EngineRecord): EngineTimelineEntry {
  const value = record.value as Record<string, unknown>;
  return {
    at: new Date(record.timestamp).toISOString(),
    source: 'engine',
    type: `${record.valueType}.${record.intent}`,
    data: {
      key: record.key,
      ...(record.elementId ? { elementId: record.elementId } : {}),
      ...(record.bpmnElementType ? { bpmnElementType: record.bpmnElementType } : {}),
      ...pick(value, ['type', 'retries', 'errorMessage', 'errorType', 'errorCode', 'messageName']),
    },
  };
}

function pick(value: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(
    names.filter((name) => value[name] !== undefined).map((n) => [n, value[n]]),
  );
}
