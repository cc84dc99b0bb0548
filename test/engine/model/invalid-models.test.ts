import { describe, expect, it } from 'vitest';
import {
  bpmnDocument,
  bpmnProcess,
  defineProcess,
  type ProcessBuilder,
} from '../support/bpmn-builder.ts';
import { refusal } from './refusal.ts';

const process = (build: (p: ProcessBuilder) => unknown) => bpmnProcess('p', build);
const withDefinitions = (xml: string, extra: string) =>
  xml.replace('</bpmn:definitions>', `${extra}\n</bpmn:definitions>`);
const job = { type: 'work' };

describe('refusing models that break Zeebe’s rules', () => {
  it.each([
    [
      'a process without a none start event',
      process((p) => p.task('A').end('End')),
      'p',
      'bpmn:Process',
      'must have a none start event',
    ],
    [
      'a process with two none start events',
      process((p) => p.start('S1').end('E1').start('S2').end('E2')),
      'p',
      'bpmn:Process',
      'only one none start event, found <S1>, <S2>',
    ],
    [
      'a sub-process without a start event',
      process((p) =>
        p
          .start()
          .subProcess('Sub', (s) => s.task('Inner'))
          .end(),
      ),
      'Sub',
      'bpmn:SubProcess',
      'a sub-process must have a none start event',
    ],
    [
      'a service task without zeebe:taskDefinition',
      process((p) => p.start().raw('<bpmn:serviceTask id="Pay" />').end()),
      'Pay',
      'bpmn:ServiceTask',
      'zeebe:taskDefinition: must have exactly one zeebe:taskDefinition',
    ],
    [
      'a service task without a job type',
      process((p) => p.start().serviceTask('Pay', { type: '' }).end()),
      'Pay',
      'bpmn:ServiceTask',
      'zeebe:taskDefinition type: must be present and not empty',
    ],
    [
      'a script task with neither zeebe:script nor a job',
      process((p) => p.start().raw('<bpmn:scriptTask id="Calc" />').end()),
      'Calc',
      'bpmn:ScriptTask',
      'must have either one zeebe:script or one zeebe:taskDefinition',
    ],
    [
      'a reserved task header',
      process((p) =>
        p
          .start()
          .serviceTask('Pay', { ...job, headers: { 'io.camunda.zeebe:x': '1' } })
          .end(),
      ),
      'Pay',
      'bpmn:ServiceTask',
      "header key 'io.camunda.zeebe:x' is reserved",
    ],
    [
      'a message catch event without a message',
      process((p) =>
        p
          .start()
          .raw(
            '<bpmn:intermediateCatchEvent id="Wait"><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>',
          )
          .end(),
      ),
      'Wait',
      'bpmn:IntermediateCatchEvent',
      'must reference a message',
    ],
    [
      'a message catch event whose message has no correlation key',
      withDefinitions(
        process((p) =>
          p
            .start()
            .raw(
              '<bpmn:intermediateCatchEvent id="Wait"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>',
            )
            .end(),
        ),
        '<bpmn:message id="M" name="paid" />',
      ),
      'Wait',
      'bpmn:IntermediateCatchEvent',
      'must have exactly one zeebe:subscription with a correlation key',
    ],
    [
      'a receive task whose message has no name',
      withDefinitions(
        process((p) => p.start().raw('<bpmn:receiveTask id="Receive" messageRef="M" />').end()),
        '<bpmn:message id="M"><bpmn:extensionElements><zeebe:subscription correlationKey="=id" /></bpmn:extensionElements></bpmn:message>',
      ),
      'Receive',
      'bpmn:ReceiveTask',
      'message <M> name: must be present and not empty',
    ],
    [
      'a static correlation key',
      process((p) =>
        p.start().messageCatch('Wait', { message: 'paid', correlationKey: 'id' }).end(),
      ),
      'Wait',
      'bpmn:IntermediateCatchEvent',
      "found the static value 'id'; an expression starts with '=' (e.g. '=id')",
    ],
    [
      'an event-based gateway with one outgoing flow',
      process((p) =>
        p.start().eventBasedGateway('Race').timerCatch('T', { duration: 'PT1H' }).end(),
      ),
      'Race',
      'bpmn:EventBasedGateway',
      'at least 2 outgoing sequence flows',
    ],
    [
      'an event-based gateway leading to a task',
      process((p) =>
        p
          .start()
          .eventBasedGateway('Race')
          .timerCatch('T', { duration: 'PT1H' })
          .end('E1')
          .after('Race')
          .task('Work')
          .end('E2'),
      ),
      'Race',
      'bpmn:EventBasedGateway',
      'leads to <Work>',
    ],
    [
      'a condition on a flow leaving a parallel gateway',
      process((p) =>
        p.start().parallelGateway('Fork').when('=x').end('E1').after('Fork').end('E2'),
      ),
      'Flow_Fork_E1',
      'bpmn:SequenceFlow',
      'conditions are only allowed on flows leaving an exclusive or inclusive gateway',
    ],
    [
      'a condition on a flow leaving a task',
      process((p) => p.start().task('Work').when('=x').end()),
      'Flow_Work_p_EndEvent_2',
      'bpmn:SequenceFlow',
      'conditions are only allowed',
    ],
    [
      'a static condition',
      process((p) =>
        p
          .start()
          .exclusiveGateway('Pick', { default: 'Flow_Pick_E2' })
          .when('x > 1')
          .end('E1')
          .after('Pick')
          .end('E2'),
      ),
      'Flow_Pick_E1',
      'bpmn:SequenceFlow',
      "found the static value 'x > 1'",
    ],
    [
      'an exclusive gateway flow with neither condition nor default',
      process((p) =>
        p.start().exclusiveGateway('Pick').when('=x').end('E1').after('Pick').end('E2'),
      ),
      'Flow_Pick_E2',
      'bpmn:SequenceFlow',
      'needs a condition or must be its default flow',
    ],
    [
      'a default flow that does not leave the gateway',
      process((p) =>
        p
          .start('S')
          .exclusiveGateway('Pick', { default: 'Flow_S_Pick' })
          .when('=x')
          .end('E1')
          .after('Pick')
          .when('=not(x)')
          .end('E2'),
      ),
      'Pick',
      'bpmn:ExclusiveGateway',
      'the default flow <Flow_S_Pick> must be an outgoing sequence flow',
    ],
    [
      'a default flow naming nothing',
      process((p) =>
        p
          .start()
          .inclusiveGateway('Pick', { default: 'Nowhere' })
          .when('=x')
          .end('E1')
          .after('Pick')
          .when('=y')
          .end('E2'),
      ),
      'Pick',
      'bpmn:InclusiveGateway',
      'default: names <Nowhere>, which is not an element of the model',
    ],
    [
      'a sequence flow to an unknown element',
      process((p) => p.start('S').end('E').flow('S', 'Ghost', { id: 'Lost' })),
      'Lost',
      'bpmn:SequenceFlow',
      'targetRef: names <Ghost>, which is not an element of the model',
    ],
    [
      'a boundary event attached to an unknown element',
      process((p) =>
        p
          .start()
          .end()
          .boundary('B', 'Ghost', { timer: { duration: 'PT1H' } })
          .end(),
      ),
      'B',
      'bpmn:BoundaryEvent',
      'is attached to <Ghost>, which is not an element of the model',
    ],
    [
      'a boundary event on a gateway',
      process((p) =>
        p
          .start()
          .exclusiveGateway('Pick')
          .end('E1')
          .boundary('B', 'Pick', { timer: { duration: 'PT1H' } })
          .end('E2'),
      ),
      'B',
      'bpmn:BoundaryEvent',
      'is attached to <Pick> (bpmn:ExclusiveGateway), which is not an activity',
    ],
    [
      'a boundary event with an incoming flow',
      process((p) =>
        p
          .start('S')
          .task('Work')
          .end()
          .boundary('B', 'Work', { error: null })
          .end('E2')
          .flow('S', 'B'),
      ),
      'B',
      'bpmn:BoundaryEvent',
      'must not have incoming sequence flows',
    ],
    [
      'an error end event without an error',
      process((p) =>
        p.start().raw('<bpmn:endEvent id="Fail"><bpmn:errorEventDefinition /></bpmn:endEvent>'),
      ),
      'Fail',
      'bpmn:EndEvent',
      'must reference an error with an error code',
    ],
    [
      'an error end event whose error has no code',
      withDefinitions(
        process((p) =>
          p
            .start()
            .raw(
              '<bpmn:endEvent id="Fail"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:endEvent>',
            ),
        ),
        '<bpmn:error id="Err" name="no code" />',
      ),
      'Fail',
      'bpmn:EndEvent',
      'error <Err> errorCode: must be present and not empty',
    ],
    [
      'an error catch event with an expression as code',
      process((p) => p.start().task('Work').end().boundary('B', 'Work', { error: '=code' }).end()),
      'B',
      'bpmn:BoundaryEvent',
      "must not be an expression, found '=code'",
    ],
    [
      'a non-interrupting error boundary event',
      process((p) =>
        p
          .start()
          .task('Work')
          .end()
          .boundary('B', 'Work', { error: 'E1', interrupting: false })
          .end(),
      ),
      'B',
      'bpmn:BoundaryEvent',
      'an error boundary event must be interrupting',
    ],
    [
      'two catch-all error boundary events on one task',
      process((p) =>
        p
          .start()
          .task('Work')
          .end()
          .boundary('B1', 'Work', { error: null })
          .end('E1')
          .boundary('B2', 'Work', { error: null })
          .end('E2'),
      ),
      'Work',
      'bpmn:Task',
      'only one boundary error event may catch all errors',
    ],
    [
      'two boundary events for the same message',
      process((p) =>
        p
          .start()
          .task('Work')
          .end()
          .boundary('B1', 'Work', { message: { message: 'cancel', correlationKey: '=id' } })
          .end('E1')
          .boundary('B2', 'Work', { message: { message: 'cancel', correlationKey: '=id' } })
          .end('E2'),
      ),
      'Work',
      'bpmn:Task',
      "two events wait for the message 'cancel'",
    ],
    [
      'an interrupting timer boundary event with a cycle',
      process((p) =>
        p
          .start()
          .task('Work')
          .end()
          .boundary('B', 'Work', { timer: { cycle: 'R3/PT1H' } })
          .end(),
      ),
      'B',
      'bpmn:BoundaryEvent',
      'an interrupting timer boundary event must not have a time cycle',
    ],
    [
      'an intermediate timer catch event with a cycle',
      process((p) => p.start().timerCatch('Wait', { cycle: 'R3/PT1H' }).end()),
      'Wait',
      'bpmn:IntermediateCatchEvent',
      'must have a time duration or a time date',
    ],
    [
      'a static timer value that is not ISO 8601',
      process((p) => p.start().timerCatch('Wait', { duration: 'PT1X' }).end()),
      'Wait',
      'bpmn:IntermediateCatchEvent',
      "bpmn:timeDuration: Invalid duration 'PT1X'",
    ],
    [
      'a timer with no time',
      process((p) =>
        p
          .start()
          .raw(
            '<bpmn:intermediateCatchEvent id="Wait"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>',
          )
          .end(),
      ),
      'Wait',
      'bpmn:IntermediateCatchEvent',
      'must have exactly one of timeDuration, timeDate or timeCycle',
    ],
    [
      'an end event with an outgoing flow',
      process((p) => p.start().end('Stop').task('After').end()),
      'Stop',
      'bpmn:EndEvent',
      'an end event must not have outgoing sequence flows',
    ],
    [
      'a multi-instance task with a static input collection',
      process((p) =>
        p
          .start()
          .serviceTask('Each', { ...job, multiInstance: { inputCollection: 'items' } })
          .end(),
      ),
      'Each',
      'bpmn:ServiceTask',
      "zeebe:loopCharacteristics inputCollection: expected an expression but found the static value 'items'",
    ],
    [
      'a multi-instance task with an output collection but no output element',
      process((p) =>
        p
          .start()
          .serviceTask('Each', {
            ...job,
            multiInstance: { inputCollection: '=items', outputCollection: 'results' },
          })
          .end(),
      ),
      'Each',
      'bpmn:ServiceTask',
      'outputCollection and outputElement must be set together',
    ],
    [
      'an output mapping with a static source',
      process((p) =>
        p
          .start()
          .serviceTask('Pay', { ...job, outputs: { total: 'sum' } })
          .end(),
      ),
      'Pay',
      'bpmn:ServiceTask',
      "zeebe:output source: expected an expression but found the static value 'sum'",
    ],
    [
      'a mapping target that is not a variable path',
      process((p) =>
        p
          .start()
          .serviceTask('Pay', { ...job, inputs: { 'order-total': '=1' } })
          .end(),
      ),
      'Pay',
      'bpmn:ServiceTask',
      "zeebe:input target: 'order-total' is not a variable name",
    ],
    [
      'a loop of undefined tasks that never waits',
      process((p) =>
        p
          .start()
          .task('Again')
          .exclusiveGateway('More', { default: 'Flow_More_Done' })
          .when('=true')
          .flow('More', 'Again', { condition: '=true' })
          .after('More')
          .end('Done'),
      ),
      'Again',
      'bpmn:Task',
      'is part of a loop that never waits: <Again> → <More> → <Again>',
    ],
    [
      'a sequence flow from a sub-process element to an outer element',
      process((p) =>
        p
          .start()
          .subProcess('Sub', (s) => s.start('Inner').end('InnerEnd'))
          .end('Outer')
          .flow('Inner', 'Outer', { id: 'Cross' }),
      ),
      'Cross',
      'bpmn:SequenceFlow',
      'connects <Inner> and <Outer>, which are not both in <p>',
    ],
  ])('refuses %s', async (_case, model, id, type, message) => {
    // when the model is deployed
    const error = await refusal(model);

    // then the refusal names the element, its type and the rule
    expect(error.code).toBe('BPMN_INVALID');
    expect(error.message).toContain(`<${id}> (${type})`);
    expect(error.message).toContain(message);
  });

  it('refuses a file without an executable process', async () => {
    // given a process marked not executable
    const model = bpmnDocument([
      defineProcess('p', (p) => p.start().end(), { isExecutable: false }),
    ]);

    // when it is deployed
    const error = await refusal(model);

    // then the definitions are named
    expect(error.code).toBe('BPMN_INVALID');
    expect(error.message).toContain('<Definitions_1> (bpmn:Definitions)');
    expect(error.message).toContain('at least one executable process');
  });
});
