import { describe, expect, it } from 'vitest';
import { bpmnProcess, type ProcessBuilder } from '../support/bpmn-builder.ts';
import { refusal } from './refusal.ts';

const linear = (middle: (p: ProcessBuilder) => ProcessBuilder) => (p: ProcessBuilder) =>
  middle(p.start('Start')).end('End');

describe('refusing elements the engine does not run', () => {
  it.each([
    ['Call_1', 'bpmn:CallActivity', '<bpmn:callActivity id="Call_1" />'],
    ['User_1', 'bpmn:UserTask', '<bpmn:userTask id="User_1" />'],
    ['Manual_1', 'bpmn:ManualTask', '<bpmn:manualTask id="Manual_1" />'],
    ['Complex_1', 'bpmn:ComplexGateway', '<bpmn:complexGateway id="Complex_1" />'],
    ['Throw_1', 'bpmn:IntermediateThrowEvent', '<bpmn:intermediateThrowEvent id="Throw_1" />'],
    ['Tx_1', 'bpmn:Transaction', '<bpmn:transaction id="Tx_1" />'],
    ['AdHoc_1', 'bpmn:AdHocSubProcess', '<bpmn:adHocSubProcess id="AdHoc_1" />'],
    [
      'Signal_1',
      'bpmn:IntermediateCatchEvent',
      '<bpmn:intermediateCatchEvent id="Signal_1"><bpmn:signalEventDefinition /></bpmn:intermediateCatchEvent>',
    ],
    [
      'Link_1',
      'bpmn:IntermediateCatchEvent',
      '<bpmn:intermediateCatchEvent id="Link_1"><bpmn:linkEventDefinition name="a" /></bpmn:intermediateCatchEvent>',
    ],
    [
      'Cond_1',
      'bpmn:IntermediateCatchEvent',
      '<bpmn:intermediateCatchEvent id="Cond_1"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=x</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>',
    ],
    [
      'MsgEnd_1',
      'bpmn:EndEvent',
      '<bpmn:endEvent id="MsgEnd_1"><bpmn:messageEventDefinition /></bpmn:endEvent>',
    ],
    [
      'EscEnd_1',
      'bpmn:EndEvent',
      '<bpmn:endEvent id="EscEnd_1"><bpmn:escalationEventDefinition /></bpmn:endEvent>',
    ],
    [
      'MsgStart_1',
      'bpmn:StartEvent',
      '<bpmn:startEvent id="MsgStart_1"><bpmn:messageEventDefinition /></bpmn:startEvent>',
    ],
    [
      'TimerStart_1',
      'bpmn:StartEvent',
      '<bpmn:startEvent id="TimerStart_1"><bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>',
    ],
    [
      'EventSub_1',
      'bpmn:SubProcess',
      '<bpmn:subProcess id="EventSub_1" triggeredByEvent="true"><bpmn:startEvent id="ES_Start"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent></bpmn:subProcess>',
    ],
    [
      'Script_1',
      'bpmn:ScriptTask',
      '<bpmn:scriptTask id="Script_1"><bpmn:extensionElements><zeebe:script expression="=1" resultVariable="x" /></bpmn:extensionElements></bpmn:scriptTask>',
    ],
    [
      'Rule_1',
      'bpmn:BusinessRuleTask',
      '<bpmn:businessRuleTask id="Rule_1"><bpmn:extensionElements><zeebe:calledDecision decisionId="d" resultVariable="x" /></bpmn:extensionElements></bpmn:businessRuleTask>',
    ],
    [
      'Loop_1',
      'bpmn:Task',
      '<bpmn:task id="Loop_1"><bpmn:standardLoopCharacteristics /></bpmn:task>',
    ],
    ['Comp_1', 'bpmn:Task', '<bpmn:task id="Comp_1" isForCompensation="true" />'],
    [
      'Listen_1',
      'bpmn:Task',
      '<bpmn:task id="Listen_1"><bpmn:extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="start" type="audit" /></zeebe:executionListeners></bpmn:extensionElements></bpmn:task>',
    ],
  ])('refuses <%s> (%s), naming it', async (id, type, xml) => {
    // given a model with the element
    const model = bpmnProcess(
      'p',
      linear((p) => p.raw(xml)),
    );

    // when it is deployed
    const error = await refusal(model);

    // then the refusal names the element by id and type
    expect(error.code).toBe('BPMN_UNSUPPORTED_ELEMENT');
    expect(error.status).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain(`<${id}> (${type})`);
  });

  it.each([
    ['signal', '<bpmn:signalEventDefinition />', 'bpmn:SignalEventDefinition'],
    ['escalation', '<bpmn:escalationEventDefinition />', 'bpmn:EscalationEventDefinition'],
    ['compensation', '<bpmn:compensateEventDefinition />', 'bpmn:CompensateEventDefinition'],
  ])('refuses a %s boundary event', async (_kind, definition, definitionType) => {
    // given a boundary event of that kind on a task
    const model = bpmnProcess('p', (p) =>
      p
        .start('Start')
        .task('Work')
        .end('End')
        .raw(
          `<bpmn:boundaryEvent id="Boundary_1" attachedToRef="Work">${definition}</bpmn:boundaryEvent>`,
        ),
    );

    // when it is deployed
    const error = await refusal(model);

    // then the boundary event is named with its definition
    expect(error.code).toBe('BPMN_UNSUPPORTED_ELEMENT');
    expect(error.message).toContain(`<Boundary_1> (bpmn:BoundaryEvent) ${definitionType}`);
  });

  it('lists every unsupported element of the file in one refusal', async () => {
    // given three unsupported elements, one of them inside a sub-process
    const model = bpmnProcess('p', (p) =>
      p
        .start('Start')
        .raw('<bpmn:callActivity id="Call_1" />')
        .raw('<bpmn:userTask id="User_1" />')
        .subProcess('Sub_1', (s) =>
          s.start('Sub_Start').raw('<bpmn:manualTask id="Manual_1" />').end('Sub_End'),
        )
        .end('End'),
    );

    // when it is deployed
    const error = await refusal(model);

    // then all three are named, one per line
    expect(error.message).toMatch(/<Call_1> \(bpmn:CallActivity\)/);
    expect(error.message).toMatch(/<User_1> \(bpmn:UserTask\)/);
    expect(error.message).toMatch(/<Manual_1> \(bpmn:ManualTask\)/);
    expect(error.message.split('\n')).toHaveLength(4);
  });

  it('takes the gravest code when a model is both unsupported and invalid', async () => {
    // given a call activity and a service task without a job type
    const model = bpmnProcess('p', (p) =>
      p
        .start('Start')
        .raw('<bpmn:callActivity id="Call_1" />')
        .serviceTask('Pay', { type: '' })
        .end(),
    );

    // when it is deployed
    const error = await refusal(model);

    // then the code says unsupported and the message lists both
    expect(error.code).toBe('BPMN_UNSUPPORTED_ELEMENT');
    expect(error.message).toContain('<Call_1> (bpmn:CallActivity)');
    expect(error.message).toContain('<Pay> (bpmn:ServiceTask) zeebe:taskDefinition type');
  });
});
