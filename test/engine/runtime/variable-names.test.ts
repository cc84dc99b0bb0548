import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Variables } from '../../../engine/api.ts';
import { databaseTargets } from '../../support/databases.ts';
import {
  endEvent,
  path,
  processModel,
  receiveTask,
  serviceTask,
  startEvent,
} from './support/bpmn.ts';
import {
  activateOne,
  completed,
  deployModel,
  openHarness,
  recordsOf,
  variablesOf,
  type EngineHarness,
} from './support/harness.ts';

const working = processModel(
  'named',
  [startEvent(), serviceTask('work', 'named-work'), endEvent()],
  path('start', 'work', 'end'),
);

const awaiting = processModel(
  'named-awaiting',
  [
    startEvent(),
    receiveTask('wait', 'named-result'),
    serviceTask('after', 'named-after'),
    endEvent(),
  ],
  path('start', 'wait', 'after', 'end'),
  { messages: [{ name: 'named-result', correlationKey: '=applicationId' }] },
);

const mapping = processModel(
  'named-mapping',
  [
    startEvent(),
    serviceTask('map', 'named-map', {
      headers: { constructor: 'header', toString: 'header too' },
      inputs: [['=constructor', 'toString']],
      outputs: [['=toString', 'hasOwnProperty.copy']],
    }),
    serviceTask('check', 'named-check'),
    endEvent(),
  ],
  path('start', 'map', 'check', 'end'),
);

/** Names Object.prototype also has: in Zeebe they are ordinary variable names. */
const prototypeNames = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

/** `{"__proto__": …}` as the gateway's JSON.parse gives it: an own property, no pollution. */
const protoDocument = (): Variables => JSON.parse('{"__proto__":{"polluted":1}}') as Variables;

function polluted(): boolean {
  return 'polluted' in {} || Object.prototype.hasOwnProperty.call(Object.prototype, 'value');
}

describe.each(databaseTargets)('variable names on $name', (target) => {
  let harness: EngineHarness;
  let nextApplication = 0;

  beforeAll(async () => {
    harness = await openHarness(target);
    for (const model of [working, awaiting, mapping]) await deployModel(harness.engine, model);
  });

  afterAll(() => harness.close());

  it.each(prototypeNames)(
    '%s is an ordinary variable through create, set variables, complete job and publish message',
    async (name) => {
      // given an instance created with the variable
      const { processInstanceKey } = await harness.engine.createProcessInstance({
        bpmnProcessId: 'named',
        variables: { [name]: 'created' },
      });
      const first = await activateOne(harness.engine, 'named-work', { fetchVariables: [name] });
      expect(first.variables).toEqual({ [name]: 'created' });

      // when it is set on the instance, then the job completes with a new value
      await harness.engine.setVariables({
        elementInstanceKey: processInstanceKey,
        variables: { [name]: 'set' },
        local: false,
      });
      await harness.engine.yieldJobs([first.key]);
      const second = await activateOne(harness.engine, 'named-work');
      await harness.engine.completeJob(second.key, { [name]: 'completed' });

      // then each step saw and stored the variable like any other
      expect(second.variables).toEqual({ [name]: 'set' });
      const records = await recordsOf(harness.engine, processInstanceKey);
      expect(variablesOf(records, processInstanceKey)).toEqual({ [name]: 'completed' });
      expect(completed(records, processInstanceKey)).toBe(true);

      // and a message's variable of that name lands in the waiting instance
      nextApplication += 1;
      const applicationId = `APP-${name}-${nextApplication}`;
      await harness.engine.createProcessInstance({
        bpmnProcessId: 'named-awaiting',
        variables: { applicationId },
      });
      await harness.engine.publishMessage({
        name: 'named-result',
        correlationKey: applicationId,
        timeToLiveMs: 0,
        variables: { [name]: 'message' },
      });
      const after = await activateOne(harness.engine, 'named-after');
      expect(after.variables).toEqual({ applicationId, [name]: 'message' });
      await harness.engine.completeJob(after.key);
    },
  );

  it('a variable missing from the scope is never read from Object.prototype', async () => {
    // given an instance without any prototype-named variable
    await harness.engine.createProcessInstance({
      bpmnProcessId: 'named',
      variables: { plain: 1 },
    });

    // when a job asks for them by name
    const job = await activateOne(harness.engine, 'named-work', { fetchVariables: prototypeNames });

    // then it gets none of them
    expect(job.variables).toEqual({});
    await harness.engine.completeJob(job.key);
  });

  it('mappings and task headers use prototype-named variables and keys like any other', async () => {
    // given an instance with a variable named constructor
    await harness.engine.createProcessInstance({
      bpmnProcessId: 'named-mapping',
      variables: { constructor: 'seed' },
    });

    // when the mapped task runs and completes
    const job = await activateOne(harness.engine, 'named-map');
    await harness.engine.completeJob(job.key, {});

    // then the headers arrived, the input created `toString`, and the output built
    // `hasOwnProperty.copy` from it
    expect(job.customHeaders).toEqual({ constructor: 'header', toString: 'header too' });
    expect(job.variables).toEqual({ constructor: 'seed', toString: 'seed' });
    const check = await activateOne(harness.engine, 'named-check');
    expect(check.variables).toEqual({ constructor: 'seed', hasOwnProperty: { copy: 'seed' } });
    await harness.engine.completeJob(check.key);
  });

  it('__proto__ as a variable name is refused by every command that takes variables', async () => {
    // given an instance with an active job
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'named',
    });
    const job = await activateOne(harness.engine, 'named-work');
    const refused = {
      code: 'INVALID_VARIABLES',
      message: expect.stringContaining('"__proto__"') as unknown,
    };

    // when each command is sent a document with a `__proto__` variable, then each refuses it
    await expect(
      harness.engine.createProcessInstance({ bpmnProcessId: 'named', variables: protoDocument() }),
    ).rejects.toMatchObject(refused);
    await expect(harness.engine.completeJob(job.key, protoDocument())).rejects.toMatchObject(
      refused,
    );
    await expect(
      harness.engine.failJob(job.key, { retries: 1, variables: protoDocument() }),
    ).rejects.toMatchObject(refused);
    await expect(
      harness.engine.throwError(job.key, { errorCode: 'E', variables: protoDocument() }),
    ).rejects.toMatchObject(refused);
    await expect(
      harness.engine.setVariables({
        elementInstanceKey: processInstanceKey,
        variables: protoDocument(),
        local: true,
      }),
    ).rejects.toMatchObject(refused);
    await expect(
      harness.engine.publishMessage({
        name: 'named-result',
        correlationKey: 'none',
        timeToLiveMs: 60_000,
        variables: protoDocument(),
      }),
    ).rejects.toMatchObject(refused);

    // and nothing was polluted: the job still completes and a new instance runs
    expect(polluted()).toBe(false);
    await harness.engine.completeJob(job.key, { done: true });
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(variablesOf(records, processInstanceKey)).toEqual({ done: true });
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('__proto__ nested inside a variable value is refused with its path', async () => {
    // given a value holding a `__proto__` key two levels down
    const variables = { form: { items: [JSON.parse('{"__proto__":{"polluted":1}}')] } };

    // when an instance is created with it, then it is refused, naming where the key was
    await expect(
      harness.engine.createProcessInstance({ bpmnProcessId: 'named', variables }),
    ).rejects.toMatchObject({
      code: 'INVALID_VARIABLES',
      message: expect.stringContaining('form.items[0].__proto__') as unknown,
    });
    expect(polluted()).toBe(false);
  });
});
