import { evaluate } from 'feelin';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  type Element,
  type LoadedModel,
  extension,
  loadModel,
  mappingsOf,
} from './support/provincial-model.ts';

let model: LoadedModel;

beforeAll(async () => {
  model = await loadModel();
});

describe('FEEL expressions of the provincial model', () => {
  it('all parse', () => {
    // when
    const broken = allExpressions().filter(({ expression }) => {
      try {
        evaluate(expression.slice(1), {});
        return false;
      } catch {
        return true;
      }
    });

    // then
    expect(broken).toEqual([]);
  });

  it.each([
    { taxDepartment: 'tax-qingdao', qingdao: true },
    { taxDepartment: 'tax', qingdao: false },
  ])('routes the declaration to Qingdao tax: $taxDepartment → $qingdao', (row) => {
    // given
    const condition = conditionOf('Flow_ContributionDeclarationToQingdaoTaxRouted');

    // then
    expect(feel(condition, { taxDepartment: row.taxDepartment })).toBe(row.qingdao);
  });

  it.each([
    { mailCard: true, chosen: true, outcome: 'approved', mail: true },
    { mailCard: false, chosen: true, outcome: 'approved', mail: false },
    { mailCard: true, chosen: true, outcome: 'rejected', mail: false },
    { mailCard: true, chosen: false, outcome: undefined, mail: false },
  ])('mails the card when asked and approved: mailCard $mailCard, card $outcome → $mail', (row) => {
    // given
    const condition = conditionOf('Flow_CardToMail');
    const variables = {
      mailCard: row.mailCard,
      items: row.chosen ? ['social-security-card'] : ['pension-enrollment'],
      ...(row.outcome ? { socialSecurityCardResult: { outcome: row.outcome } } : {}),
    };

    // then
    expect(feel(condition, variables)).toBe(row.mail);
  });

  it.each([
    { items: ['social-security-card'], expected: 'received' },
    { items: ['pension-enrollment', 'social-security-card'], expected: 'pension' },
  ])('dispatches the card when pension enrollment is decided: $items → $expected', (row) => {
    // given
    const receivedAt = dispatchTimeOf('Task_ComputeSocialSecurityCardDeadline');
    const times = { received: '2026-02-14T09:00:00+08:00', pension: '2026-02-24T16:30:00+08:00' };

    // when
    const value = feel(receivedAt, {
      items: row.items,
      receivedAt: times.received,
      pensionEnrollmentResult: { outcome: 'rejected', decidedAt: times.pension },
    });

    // then
    expect(value).toBe(times[row.expected as keyof typeof times]);
  });

  it.each([
    { chosen: [], expected: 'received' },
    { chosen: ['pension-enrollment'], expected: 'pension' },
    { chosen: ['medical-enrollment'], expected: 'medical' },
    { chosen: ['pension-enrollment', 'medical-enrollment'], expected: 'medical' },
  ])('dispatches the declaration at the latest prerequisite: $chosen → $expected', (row) => {
    // given: medical decided later in absolute time, though written in UTC
    const receivedAt = dispatchTimeOf('Task_ComputeContributionDeclarationDeadline');
    const times = {
      received: '2026-02-14T09:00:00+08:00',
      pension: '2026-02-24T16:30:00+08:00',
      medical: '2026-02-24T09:00:00Z',
    };

    // when
    const value = feel(receivedAt, {
      items: ['contribution-declaration', ...row.chosen],
      receivedAt: times.received,
      pensionEnrollmentResult: { outcome: 'approved', decidedAt: times.pension },
      medicalEnrollmentResult: { outcome: 'approved', decidedAt: times.medical },
    });

    // then
    expect(value).toBe(times[row.expected as keyof typeof times]);
  });
});

// helpers ///////////////////////////////////////////////////////////////////////////

/**
 * Evaluates a Zeebe expression (with its `=`) in feelin. A missing variable or property is
 * null, as in Zeebe; any other warning fails the test.
 */
function feel(expression: string, context: Record<string, unknown>): unknown {
  const { value, warnings } = evaluate(expression.slice(1), context);
  const nullPaths = ['NO_VARIABLE_FOUND', 'NO_PROPERTY_FOUND'];
  const unexpected = warnings.filter((warning) => !nullPaths.includes(warning.type));
  if (unexpected.length > 0) throw new Error(unexpected.map((w) => w.message).join('; '));
  return value;
}

function elementById(id: string): Element {
  const element = model.flowElements.find((candidate) => candidate.id === id);
  if (!element) throw new Error(`no element <${id}>`);
  return element;
}

function conditionOf(flowId: string): string {
  return String((elementById(flowId).conditionExpression as Element).body);
}

function dispatchTimeOf(taskId: string): string {
  const mapping = mappingsOf(elementById(taskId), 'inputParameters').find(
    (candidate) => candidate.target === 'receivedAt',
  );
  if (!mapping) throw new Error(`<${taskId}> maps no receivedAt`);
  return mapping.source;
}

/** Every FEEL expression in the model: conditions, mappings, timers, correlation keys. */
function allExpressions(): { where: string; expression: string }[] {
  const found: { where: string; expression: string }[] = [];
  for (const element of model.flowElements) {
    const condition = (element.conditionExpression as Element | undefined)?.body;
    if (typeof condition === 'string') found.push({ where: element.id, expression: condition });
    for (const mapping of [
      ...mappingsOf(element, 'inputParameters'),
      ...mappingsOf(element, 'outputParameters'),
    ]) {
      found.push({ where: `${element.id} → ${mapping.target}`, expression: mapping.source });
    }
    for (const definition of (element.eventDefinitions ?? []) as Element[]) {
      const timeDate = (definition.timeDate as Element | undefined)?.body;
      if (typeof timeDate === 'string') found.push({ where: element.id, expression: timeDate });
    }
  }
  for (const message of (model.definitions.rootElements as Element[]).filter(
    (element) => element.$type === 'bpmn:Message',
  )) {
    const key = extension(message, 'zeebe:Subscription')?.correlationKey;
    found.push({ where: message.id, expression: String(key) });
  }
  return found.filter(({ expression }) => expression.startsWith('='));
}
