import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/databases.ts';
import {
  endEvent,
  exclusiveGateway,
  flow,
  inclusiveGateway,
  parallelGateway,
  path,
  processModel,
  serviceTask,
  startEvent,
} from './support/bpmn.ts';
import {
  completed,
  completeOne,
  deployModel,
  lifecycle,
  openHarness,
  recordsOf,
  type EngineHarness,
} from './support/harness.ts';

const exclusive = processModel(
  'exclusive',
  [
    startEvent(),
    exclusiveGateway('decide', 'Flow_decide_small'),
    serviceTask('large', 'large'),
    serviceTask('small', 'small'),
    endEvent('end_large'),
    endEvent('end_small'),
  ],
  [
    flow('start', 'decide'),
    flow('decide', 'large', '=amount > 100'),
    flow('decide', 'small'),
    ...path('large', 'end_large'),
    ...path('small', 'end_small'),
  ],
);

const exclusiveWithoutDefault = processModel(
  'exclusive-strict',
  [startEvent(), exclusiveGateway('decide'), endEvent('yes'), endEvent('no')],
  [
    flow('start', 'decide'),
    flow('decide', 'yes', '=ok = true'),
    flow('decide', 'no', '=ok = false'),
  ],
);

const parallel = processModel(
  'parallel',
  [
    startEvent(),
    parallelGateway('fork'),
    serviceTask('a', 'branch-a'),
    serviceTask('b', 'branch-b'),
    parallelGateway('join'),
    serviceTask('after', 'after-join'),
    endEvent(),
  ],
  [
    flow('start', 'fork'),
    flow('fork', 'a'),
    flow('fork', 'b'),
    flow('a', 'join'),
    flow('b', 'join'),
    ...path('join', 'after', 'end'),
  ],
);

const inclusive = processModel(
  'inclusive',
  [
    startEvent(),
    inclusiveGateway('fork', 'Flow_fork_none'),
    serviceTask('pension', 'pension'),
    serviceTask('medical', 'medical'),
    serviceTask('none', 'none'),
    inclusiveGateway('join'),
    serviceTask('after', 'inclusive-after'),
    endEvent(),
  ],
  [
    flow('start', 'fork'),
    flow('fork', 'pension', '=list contains(items, "pension")'),
    flow('fork', 'medical', '=list contains(items, "medical")'),
    flow('fork', 'none'),
    flow('pension', 'join'),
    flow('medical', 'join'),
    flow('none', 'join'),
    ...path('join', 'after', 'end'),
  ],
);

describe.each(databaseTargets)('gateways on $name', (target) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await openHarness(target);
    for (const model of [exclusive, exclusiveWithoutDefault, parallel, inclusive]) {
      await deployModel(harness.engine, model);
    }
  });

  afterAll(() => harness.close());

  it.each([
    { amount: 500, taken: 'large' },
    { amount: 50, taken: 'small' },
  ])('an exclusive gateway takes <$taken> for amount $amount', async ({ amount, taken }) => {
    // when an instance reaches the gateway
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'exclusive',
      variables: { amount },
    });

    // then the first flow whose condition holds, else the default, is taken
    await completeOne(harness.engine, taken);
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records)).toContain(`Flow_decide_${taken}:SEQUENCE_FLOW_TAKEN`);
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('raises an incident when no condition holds and there is no default, and resolves it once a variable is fixed', async () => {
    // given an instance whose condition variable matches no flow
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'exclusive-strict',
      variables: { ok: 'maybe' },
    });
    const created = await recordsOf(harness.engine, processInstanceKey);
    const incident = created.find((record) => record.valueType === 'INCIDENT')!;
    expect(incident).toMatchObject({
      elementId: 'decide',
      value: { errorType: 'CONDITION_ERROR' },
    });

    // when the variable is fixed and the incident resolved
    await harness.engine.setVariables({
      elementInstanceKey: processInstanceKey,
      variables: { ok: true },
      local: false,
    });
    await harness.engine.resolveIncident(incident.key);

    // then the gateway is evaluated again and the instance completes on the matching path
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['yes', 'no'])).toEqual([
      'yes:ELEMENT_ACTIVATING',
      'yes:ELEMENT_ACTIVATED',
      'yes:ELEMENT_COMPLETING',
      'yes:ELEMENT_COMPLETED',
    ]);
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('a parallel gateway forks to every flow and joins once both branches arrived', async () => {
    // given both branches active
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'parallel',
    });

    // when the first branch completes, then the join waits
    await completeOne(harness.engine, 'branch-a');
    let records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['join'])).toEqual([]);

    // when the second completes, then the join fires once and the flow goes on
    await completeOne(harness.engine, 'branch-b');
    await completeOne(harness.engine, 'after-join');
    records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['join'])).toEqual([
      'join:ELEMENT_ACTIVATING',
      'join:ELEMENT_ACTIVATED',
      'join:ELEMENT_COMPLETING',
      'join:ELEMENT_COMPLETED',
    ]);
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('an inclusive gateway forks to every flow whose condition holds and joins only those', async () => {
    // given an instance that chose two of the three paths
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'inclusive',
      variables: { items: ['pension', 'medical'] },
    });

    // when one branch completes, then the join waits for the other that can still arrive
    await completeOne(harness.engine, 'pension');
    let records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['join'])).toEqual([]);
    expect(lifecycle(records, ['none'])).toEqual([]);

    // when the other completes, then the join fires once
    await completeOne(harness.engine, 'medical');
    await completeOne(harness.engine, 'inclusive-after');
    records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['join']).filter((entry) => entry.endsWith('COMPLETED'))).toEqual([
      'join:ELEMENT_COMPLETED',
    ]);
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('an inclusive gateway takes the default flow when no condition holds', async () => {
    // when no item is chosen
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'inclusive',
      variables: { items: [] },
    });

    // then only the default path runs and the join passes it straight on
    await completeOne(harness.engine, 'none');
    await completeOne(harness.engine, 'inclusive-after');
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records)).toContain('Flow_fork_none:SEQUENCE_FLOW_TAKEN');
    expect(completed(records, processInstanceKey)).toBe(true);
  });
});
