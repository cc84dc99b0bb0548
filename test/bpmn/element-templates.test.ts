import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

import { departments, items, jobTypes } from '../../bpmn/process-contract.ts';
import {
  type Element,
  bpmnDir,
  headersOf,
  jobTypeOf,
  loadModel,
} from './support/provincial-model.ts';

const require = createRequire(import.meta.url);
const templatesDir = join(bpmnDir, 'templates');

interface Template {
  id: string;
  name: string;
  version: number;
  description: string;
  appliesTo: string[];
  category: { id: string; name: string };
  properties: { type: string; value?: string; binding: Record<string, string> }[];
}

async function readTemplates(): Promise<Map<string, Template>> {
  const templates = new Map<string, Template>();
  for (const file of (await readdir(templatesDir)).filter((name) => name.endsWith('.json'))) {
    templates.set(file, JSON.parse(await readFile(join(templatesDir, file), 'utf8')) as Template);
  }
  return templates;
}

function binding(template: Template, type: string, key: string): string | undefined {
  return template.properties.find(
    (property) =>
      property.binding.type === type &&
      (property.binding.property === key || property.binding.key === key),
  )?.value;
}

/** Department steps: each item's submit job, Qingdao's declaration and the card mailing. */
const departmentJobTypes: string[] = [
  ...Object.values(items).map((item) => item.submitJobType),
  jobTypes.qingdaoContributionDeclaration,
  jobTypes.mailCard,
];

describe('element templates for the department steps', () => {
  it('validate against the Zeebe element templates JSON schema', async () => {
    // given
    const schema: unknown = require('@camunda/zeebe-element-templates-json-schema/resources/schema.json');
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema as object);

    // when
    const invalid: { file: string; errors: unknown }[] = [];
    for (const [file, template] of await readTemplates()) {
      if (!validate(template)) invalid.push({ file, errors: validate.errors });
    }

    // then
    expect(invalid).toEqual([]);
  });

  it('exist once for every department step job type, named after it', async () => {
    // when
    const templates = await readTemplates();

    // then
    expect([...templates.keys()].sort()).toEqual(
      departmentJobTypes.map((type) => `${type}.json`).sort(),
    );
    for (const [file, template] of templates) {
      expect(binding(template, 'zeebe:taskDefinition', 'type')).toBe(file.replace(/\.json$/, ''));
    }
  });

  it('apply to service tasks, with a hidden job type, retries, item and department headers', async () => {
    for (const [file, template] of await readTemplates()) {
      // given
      const department = binding(template, 'zeebe:taskHeader', 'department');

      // then
      expect(template.appliesTo, file).toEqual(['bpmn:ServiceTask']);
      expect(template.properties[0]?.type, file).toBe('Hidden');
      expect(Number(binding(template, 'zeebe:taskDefinition', 'retries')), file).toBeGreaterThan(0);
      expect(Object.keys(items), file).toContain(binding(template, 'zeebe:taskHeader', 'item'));
      expect(Object.keys(departments), file).toContain(department);
      expect(template.category, file).toEqual({
        id: department,
        name: departments[department as keyof typeof departments],
      });
      expect(template.name + template.description, file).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('match the model tasks that link to them, so the modeler shows them as applied', async () => {
    // given
    const model = await loadModel();
    const templates = new Map([...(await readTemplates()).values()].map((t) => [t.id, t]));
    const linked = model.flowElements.filter((element) => element.modelerTemplate);

    // then: every department step in the model links to its template
    const departmentTasks = model.flowElements.filter((element) =>
      departmentJobTypes.includes(jobTypeOf(element) ?? ''),
    );
    expect(linked.map((element) => element.id).sort()).toEqual(
      departmentTasks.map((element) => element.id).sort(),
    );
    for (const task of linked) expectTaskMatchesTemplate(task, templates);
  });
});

function expectTaskMatchesTemplate(task: Element, templates: Map<string, Template>): void {
  const template = templates.get(String(task.modelerTemplate));
  expect(template, task.id).toBeDefined();
  if (!template) return;
  expect(task.modelerTemplateVersion, task.id).toBe(template.version);
  expect(jobTypeOf(task), task.id).toBe(binding(template, 'zeebe:taskDefinition', 'type'));
  expect(headersOf(task), task.id).toEqual({
    item: binding(template, 'zeebe:taskHeader', 'item'),
    department: binding(template, 'zeebe:taskHeader', 'department'),
  });
}
