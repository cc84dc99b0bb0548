import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ItemCode } from '../../bpmn/process-contract.ts';
import type { StoredApplication } from '../applications/application.ts';
import { itemProgress } from '../applications/views.ts';
import { departmentOf } from '../auth/principals.ts';
import type { ServerContext } from '../context.ts';
import { ServerError } from '../errors.ts';
import { sectionOfItem } from '../form/application-form.ts';
import { principalOf } from '../http/authorize.ts';
import {
  apiErrorSchema,
  applicationIdSchema,
  applicationViewSchema,
  departmentRoutes,
  escalationSchema,
  itemCodeSchema,
  itemDepartment,
  itemProgressSchema,
  itemRequestSchema,
  itemResultSchema,
  mailingSchema,
  PROCESS_INSTANCE_KEY_HEADER,
  type ItemForm,
} from './contract.ts';

const itemParams = z.strictObject({ applicationId: applicationIdSchema, item: itemCodeSchema });
const applicationParams = z.strictObject({ applicationId: applicationIdSchema });
const instanceHeaders = z.looseObject({
  [PROCESS_INSTANCE_KEY_HEADER]: z
    .string()
    .regex(/^\d{1,19}$/, '流程实例键应为十进制整数')
    .optional(),
});
const errors = {
  400: apiErrorSchema,
  401: apiErrorSchema,
  403: apiErrorSchema,
  404: apiErrorSchema,
  409: apiErrorSchema,
};
const tags = ['部门接口'];

/**
 * The department API (`contract.ts`): what department and platform workers read and write
 * about one application, each call scoped to the caller's own items.
 */
export function registerDepartmentRoutes(app: FastifyInstance, context: ServerContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const preHandler = context.authorize('department');
  const guard = new ItemGuard(context);

  routes.get(departmentRoutes.itemRequest, {
    preHandler,
    schema: {
      tags,
      summary: '读取一个事项的办理所需信息（事项进入“审核中”）',
      params: itemParams,
      headers: instanceHeaders,
      response: { 200: itemRequestSchema, ...errors },
    },
    handler: async (request) => {
      const { applicationId, item } = request.params;
      const application = await guard.item(request, applicationId, item);
      await context.store.markRequested(applicationId, item);
      return {
        applicationId,
        receiptNumber: application.receiptNumber,
        city: application.city,
        receivedAt: application.receivedAt,
        item,
        identityVerifiedBy: application.identityVerifiedBy,
        form: itemForm(application, item),
      };
    },
  });

  routes.get(departmentRoutes.application, {
    preHandler,
    schema: {
      tags,
      summary: '读取整份申请及各事项进度（仅省级平台）',
      params: applicationParams,
      headers: instanceHeaders,
      response: { 200: applicationViewSchema, ...errors },
    },
    handler: async (request) => {
      if (departmentOf(principalOf(request)) !== 'province') {
        throw new ServerError('DEPARTMENT_FORBIDDEN', { message: '整份申请仅省级平台可以读取' });
      }
      const application = await guard.application(request, request.params.applicationId);
      return {
        applicationId: application.id,
        receiptNumber: application.receiptNumber,
        city: application.city,
        receivedAt: application.receivedAt,
        channel: application.channel,
        identityVerifiedBy: application.identityVerifiedBy,
        items: application.items.map(itemProgress),
        form: application.form,
      };
    },
  });

  routes.put(departmentRoutes.outcome, {
    preHandler,
    schema: {
      tags,
      summary: '写入一个事项的办理结果（幂等）',
      params: itemParams,
      headers: instanceHeaders,
      body: itemResultSchema,
      response: { 200: itemProgressSchema, ...errors },
    },
    handler: async (request) => {
      const { applicationId, item } = request.params;
      if (request.body.item !== item) {
        throw new ServerError('INVALID_REQUEST', {
          fields: [{ field: 'item', message: `办理结果的事项应与地址中的事项 ${item} 一致` }],
        });
      }
      await guard.item(request, applicationId, item);
      const written = await context.store.recordOutcome(applicationId, request.body);
      return itemProgress(written.item);
    },
  });

  routes.put(departmentRoutes.escalation, {
    preHandler,
    schema: {
      tags,
      summary: '登记一个事项的逾期督办（幂等）',
      params: itemParams,
      headers: instanceHeaders,
      body: escalationSchema,
      response: { 200: itemProgressSchema, ...errors },
    },
    handler: async (request) => {
      const { applicationId, item } = request.params;
      await guard.item(request, applicationId, item);
      const written = await context.store.recordEscalation(applicationId, item, request.body);
      return itemProgress(written.item);
    },
  });

  routes.put(departmentRoutes.mailing, {
    preHandler,
    schema: {
      tags,
      summary: '登记社会保障卡已邮寄（幂等）',
      params: applicationParams,
      headers: instanceHeaders,
      body: mailingSchema,
      response: { 200: itemProgressSchema, ...errors },
    },
    handler: async (request) => {
      const { applicationId } = request.params;
      await guard.item(request, applicationId, 'social-security-card');
      const written = await context.store.recordMailing(applicationId, request.body);
      return itemProgress(written.item);
    },
  });

  routes.get(departmentRoutes.photo, {
    preHandler,
    schema: {
      tags,
      summary: '读取社会保障卡申领的白底证件照片',
      params: applicationParams,
      headers: instanceHeaders,
      response: { 200: z.any().describe('image/jpeg 或 image/png'), ...errors },
    },
    handler: async (request, reply) => {
      const { applicationId } = request.params;
      await guard.item(request, applicationId, 'social-security-card');
      const photo = await context.store.materialOf(applicationId, 'photo');
      if (!photo) throw new ServerError('APPLICATION_NOT_FOUND', { message: '该申请没有照片' });
      return reply.type(photo.material.contentType).send(photo.content);
    },
  });
}

/**
 * The checks every department route makes: the application exists, the item was chosen,
 * the caller decides it (or is the province), and the calling instance is the one
 * recorded for the application.
 */
class ItemGuard {
  constructor(private readonly context: ServerContext) {}

  async application(request: FastifyRequest, applicationId: string): Promise<StoredApplication> {
    const application = await this.context.store.findById(applicationId);
    if (!application) throw new ServerError('APPLICATION_NOT_FOUND');
    await this.checkInstance(request, application);
    return application;
  }

  async item(request: FastifyRequest, applicationId: string, item: ItemCode) {
    const application = await this.context.store.findById(applicationId);
    if (!application) throw new ServerError('APPLICATION_NOT_FOUND');
    if (!application.form.items.includes(item)) throw new ServerError('ITEM_NOT_CHOSEN');

    const caller = departmentOf(principalOf(request));
    if (caller !== 'province' && caller !== itemDepartment(item, application.city)) {
      throw new ServerError('DEPARTMENT_FORBIDDEN');
    }
    await this.checkInstance(request, application);
    return application;
  }

  /**
   * An instance the store does not know yet is recorded (the starter crashed before it
   * could); any other instance than the recorded one is cancelled and refused.
   */
  private async checkInstance(request: FastifyRequest, application: StoredApplication) {
    const key = request.headers[PROCESS_INSTANCE_KEY_HEADER];
    if (typeof key !== 'string' || key === application.processInstanceKey) return;

    const outcome = application.processInstanceKey
      ? 'conflict'
      : await this.context.store.recordInstance(application.id, key);
    if (outcome !== 'conflict') return;

    const log = { applicationId: application.id, processInstanceKey: key };
    try {
      await this.context.instances.cancel(key);
      await this.context.store.recordDuplicateCancelled(application.id, key);
      this.context.logger.warn(log, 'superseded instance cancelled');
    } catch (error) {
      this.context.logger.warn({ ...log, err: error }, 'superseded instance not cancelled');
    }
    throw new ServerError('INSTANCE_SUPERSEDED');
  }
}

/** The applicant block and the item's own section, nothing of other items. */
function itemForm(application: StoredApplication, item: ItemCode): ItemForm {
  const section = sectionOfItem[item];
  const { form } = application;
  return {
    applicant: form.applicant,
    ...(section && form[section] ? { [section]: form[section] } : {}),
  };
}
