import {
  departments,
  items,
  jobTypes,
  type Department,
  type ItemCode,
} from '../process-contract.ts';
import { departmentShortNames, itemSteps } from './item-steps.ts';

/**
 * Element templates (Camunda 8 / Zeebe format) for the department steps: what the modeler
 * offers analysts when a city adds or re-wires a department's service task. One template
 * per job type; the job type and headers are hidden, only the retries can be changed.
 */

export const TEMPLATE_SCHEMA_URL =
  'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json';

export const TEMPLATE_VERSION = 1;

/** A department step the modeler offers as a template. */
export interface DepartmentStep {
  jobType: string;
  item: ItemCode;
  department: Department;
  name: string;
  description: string;
  retries: number;
}

export interface ElementTemplate {
  $schema: string;
  id: string;
  name: string;
  version: number;
  description: string;
  category: { id: string; name: string };
  engines: { camunda: string };
  appliesTo: string[];
  elementType: { value: string };
  groups: { id: string; label: string }[];
  properties: Record<string, unknown>[];
}

/** The template id for a job type. */
export function templateId(jobType: string): string {
  return `cn.gov.shandong.flexible-employment-insurance.${jobType}`;
}

/** What a model element links to (`zeebe:modelerTemplate`), for the job types with a template. */
export function templateRef(jobType: string): { id: string; version: number } | undefined {
  return departmentSteps().some((step) => step.jobType === jobType)
    ? { id: templateId(jobType), version: TEMPLATE_VERSION }
    : undefined;
}

/** Every department step: each item's submit job(s), and mailing the card. */
export function departmentSteps(): DepartmentStep[] {
  const submits = itemSteps.flatMap((step) =>
    step.submits.map((submit) => ({
      jobType: submit.jobType,
      item: step.item,
      department: submit.department,
      name: `向${departmentShortNames[submit.department]}提交${step.shortName}`,
      description:
        `把“${items[step.item].name}”申请交给${departments[submit.department]}的系统，` +
        `等待部门答复。受理条件：${step.acceptance}。部门当即不予受理时抛出 BPMN 错误 ` +
        `ITEM_REJECTED（变量 result）。`,
      retries: 5,
    })),
  );
  const mailing: DepartmentStep = {
    jobType: jobTypes.mailCard,
    item: 'social-security-card',
    department: 'hrss',
    name: '邮寄社会保障卡',
    description: '社会保障卡申领通过且申请人选择邮寄时，由人社部门把卡寄到申请人填写的邮寄地址。',
    retries: 5,
  };
  return [...submits, mailing];
}

export function elementTemplate(step: DepartmentStep): ElementTemplate {
  return {
    $schema: TEMPLATE_SCHEMA_URL,
    id: templateId(step.jobType),
    name: step.name,
    version: TEMPLATE_VERSION,
    description: step.description,
    category: { id: step.department, name: departments[step.department] },
    engines: { camunda: '^8.8' },
    appliesTo: ['bpmn:ServiceTask'],
    elementType: { value: 'bpmn:ServiceTask' },
    groups: [{ id: 'job', label: '作业' }],
    properties: [
      hidden(step.jobType, { type: 'zeebe:taskDefinition', property: 'type' }),
      {
        label: '重试次数',
        description:
          '部门系统暂时不可用时，作业失败后重试的次数；用完后产生故障（incident）待人工处理。',
        group: 'job',
        type: 'String',
        value: String(step.retries),
        binding: { type: 'zeebe:taskDefinition', property: 'retries' },
        constraints: {
          notEmpty: true,
          pattern: { value: '^[1-9][0-9]*$', message: '请填写正整数' },
        },
      },
      hidden(step.item, { type: 'zeebe:taskHeader', key: 'item' }),
      hidden(step.department, { type: 'zeebe:taskHeader', key: 'department' }),
    ],
  };
}

/** File name of a template under `bpmn/templates/`. */
export function templateFileName(step: DepartmentStep): string {
  return `${step.jobType}.json`;
}

function hidden(value: string, binding: Record<string, string>): Record<string, unknown> {
  return { type: 'Hidden', value, binding };
}
