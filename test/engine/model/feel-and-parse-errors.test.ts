import { describe, expect, it } from 'vitest';
import { bpmnProcess, type ProcessBuilder } from '../support/bpmn-builder.ts';
import { refusal } from './refusal.ts';

const process = (build: (p: ProcessBuilder) => unknown) => bpmnProcess('p', build);

describe('refusing FEEL that does not parse', () => {
  it.each([
    [
      'a condition',
      process((p) =>
        p
          .start()
          .exclusiveGateway('Pick', { default: 'Flow_Pick_B' })
          .when('=age >')
          .end('A')
          .after('Pick')
          .end('B'),
      ),
      '<Flow_Pick_A> (bpmn:SequenceFlow) conditionExpression',
    ],
    [
      'a job type',
      process((p) => p.start().serviceTask('Pay', { type: '="pay" +' }).end()),
      '<Pay> (bpmn:ServiceTask) zeebe:taskDefinition type',
    ],
    [
      'job retries',
      process((p) => p.start().serviceTask('Pay', { type: 'pay', retries: '=(1' }).end()),
      '<Pay> (bpmn:ServiceTask) zeebe:taskDefinition retries',
    ],
    [
      'an input mapping',
      process((p) =>
        p
          .start()
          .serviceTask('Pay', { type: 'pay', inputs: { x: '={a: }' } })
          .end(),
      ),
      '<Pay> (bpmn:ServiceTask) zeebe:input source',
    ],
    [
      'an output mapping',
      process((p) =>
        p
          .start()
          .serviceTask('Pay', { type: 'pay', outputs: { x: '=1 +* 2' } })
          .end(),
      ),
      '<Pay> (bpmn:ServiceTask) zeebe:output source',
    ],
    [
      'a correlation key',
      process((p) =>
        p.start().messageCatch('Wait', { message: 'paid', correlationKey: '=case.' }).end(),
      ),
      '<Wait> (bpmn:IntermediateCatchEvent) message <',
    ],
    [
      'a timer',
      process((p) => p.start().timerCatch('Wait', { duration: '=duration(' }).end()),
      '<Wait> (bpmn:IntermediateCatchEvent) bpmn:timeDuration',
    ],
    [
      'an input collection',
      process((p) =>
        p
          .start()
          .serviceTask('Each', { type: 'a', multiInstance: { inputCollection: '=items[' } })
          .end(),
      ),
      '<Each> (bpmn:ServiceTask) zeebe:loopCharacteristics inputCollection',
    ],
    [
      'a completion condition',
      process((p) =>
        p
          .start()
          .serviceTask('Each', {
            type: 'a',
            multiInstance: { inputCollection: '=items', completionCondition: '=done and' },
          })
          .end(),
      ),
      '<Each> (bpmn:ServiceTask) bpmn:completionCondition',
    ],
    [
      'an error code',
      process((p) => p.start().end('Fail', { errorCode: '=if x then' })),
      '<Fail> (bpmn:EndEvent) error <',
    ],
  ])(
    'refuses a broken expression in %s, naming element and attribute',
    async (_place, model, where) => {
      // when the model is deployed
      const error = await refusal(model);

      // then the FEEL error names where it is
      expect(error.code).toBe('FEEL_SYNTAX_ERROR');
      expect(error.status).toBe('INVALID_ARGUMENT');
      expect(error.message).toContain(where);
    },
  );

  it('says what is wrong and where in the expression', async () => {
    // given a condition with a stray operator
    const model = process((p) =>
      p
        .start()
        .exclusiveGateway('Pick', { default: 'Flow_Pick_B' })
        .when('=1 +* 2')
        .end('A')
        .after('Pick')
        .end('B'),
    );

    // when it is deployed
    const error = await refusal(model);

    // then the message quotes the expression and the spot
    expect(error.message).toContain(
      "conditionExpression: '=1 +* 2': unexpected '*' in ArithmeticExpression at 3-4",
    );
  });
});

describe('refusing files that are not BPMN XML', () => {
  it.each([
    [
      'malformed XML',
      '<bpmn:definitions><bpmn:process></bpmn:definitions>',
      'closing tag mismatch',
    ],
    ['text that is not XML', 'hello', 'missing start tag'],
    ['an empty file', '', 'missing start tag'],
    ['XML that is not BPMN', '<html><body /></html>', 'unparsable content <html>'],
  ])('refuses %s with BPMN_PARSE_FAILED and the parser’s reason', async (_case, xml, reason) => {
    // when the file is deployed
    const error = await refusal(xml);

    // then the parser's reason and place are passed on
    expect(error.code).toBe('BPMN_PARSE_FAILED');
    expect(error.message).toContain("Cannot parse 'test.bpmn' as BPMN XML");
    expect(error.message).toContain(reason);
    expect(error.message).toMatch(/at line \d+, column \d+/);
  });

  it('gives the line of an unknown BPMN element', async () => {
    // given an element BPMN does not define, on line 8 of the file
    const model = process((p) => p.start().raw('<bpmn:foo id="Foo" />').end());

    // when it is deployed
    const error = await refusal(model);

    // then the line is named, counting from 1
    const line = model.split('\n').findIndex((text) => text.includes('bpmn:foo')) + 1;
    expect(error.code).toBe('BPMN_PARSE_FAILED');
    expect(error.message).toContain(`unparsable content <bpmn:foo> detected at line ${line}`);
  });

  it('refuses an id used twice, naming it', async () => {
    // given two elements with one id
    const model = process((p) => p.start('Same').raw('<bpmn:task id="Same" />').end());

    // when it is deployed
    const error = await refusal(model);

    // then the id is named
    expect(error.code).toBe('BPMN_PARSE_FAILED');
    expect(error.message).toContain('duplicate ID <Same>');
  });

  it('refuses bytes that are not UTF-8', async () => {
    // when bytes of another encoding are deployed
    const error = await refusal(new Uint8Array([0x3c, 0xff, 0xfe, 0x3e]));

    // then the encoding is named
    expect(error.code).toBe('BPMN_PARSE_FAILED');
    expect(error.message).toContain('not UTF-8');
  });
});
