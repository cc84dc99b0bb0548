import { createHash, randomUUID } from 'node:crypto';
import type {} from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Channel } from '../applications/application.ts';
import { submissionSchema } from '../applications/intake.ts';
import { applicationFormShape } from '../form/application-form.ts';
import { applicationSummarySchema, submissionViewSchema } from '../applications/views.ts';
import { principalKey } from '../auth/principals.ts';
import type { ServerContext } from '../context.ts';
import { apiErrorSchema, applicationIdSchema } from '../department-api/contract.ts';
import { ServerError } from '../errors.ts';
import { principalOf } from '../http/authorize.ts';
import { documentedAs } from '../http/validation.ts';
import { checkMaterial, materialKinds, type MaterialKind } from '../materials/material-rules.ts';

const errors = {
  400: apiErrorSchema,
  401: apiErrorSchema,
  403: apiErrorSchema,
  404: apiErrorSchema,
  409: apiErrorSchema,
  413: apiErrorSchema,
  415: apiErrorSchema,
  503: apiErrorSchema,
};

export const materialViewSchema = z.object({
  materialId: z.string(),
  kind: z.enum(['photo', 'id-document']),
  contentType: z.string(),
  size: z.number(),
  width: z.number(),
  height: z.number(),
});

/**
 * What OpenAPI shows of a submission: the form's fields (`applicationFormShape`). The
 * card's ID authority and dates may be left out when data sharing confirms the applicant.
 */
const submissionDocumentation = submissionSchema.extend({
  form: applicationFormShape.describe(
    '申请表（一表申请）。数据共享核验通过时 card.idIssuingAuthority、idValidFrom、idValidTo 可不填',
  ),
});

/** Largest JSON body intake accepts; a form is a few kilobytes. */
export const submissionBodyLimit = 64 * 1024;

/**
 * Intake routes for the online channel (role `applicant`) and window clerks (`clerk`):
 * upload materials, submit an application, read back what one submitted.
 */
export function registerIntakeRoutes(app: FastifyInstance, context: ServerContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const preHandler = context.authorize('applicant', 'clerk');

  routes.post('/api/applications', {
    preHandler,
    // Validation would only say the body is empty: say what to send instead.
    preValidation: async (request) => {
      if (request.isMultipart()) {
        throw new ServerError('UNSUPPORTED_MEDIA_TYPE', {
          message:
            '提交申请请使用 application/json；multipart/form-data 只用于上传材料，上传后在 materials 中填写返回的材料编号',
        });
      }
    },
    bodyLimit: submissionBodyLimit,
    schema: {
      tags: ['受理'],
      summary: '提交申请（一表申请）；同一 Idempotency-Key 的重复提交返回首次结果',
      headers: z.looseObject({
        'idempotency-key': z
          .string()
          .optional()
          .describe('8-128 位字母、数字、-、_；重复提交时返回首次结果'),
      }),
      body: documentedAs(submissionSchema, submissionDocumentation),
      response: { 200: submissionViewSchema, 201: submissionViewSchema, ...errors },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      const channel: Channel = principal.role === 'clerk' ? 'counter' : 'online';
      const submission = await context.intake.submit(
        principal,
        channel,
        request.body,
        request.headers['idempotency-key'],
      );
      if (submission.replayed) reply.header('idempotent-replayed', 'true');
      return reply
        .code(submission.replayed ? 200 : 201)
        .send(context.views.submission(submission.application, submission.statusToken));
    },
  });

  routes.post('/api/materials/:kind', {
    preHandler,
    schema: {
      tags: ['受理'],
      summary:
        '上传材料（multipart/form-data，一个文件字段）：photo 白底证件照片，id-document 身份证件图片',
      params: z.strictObject({ kind: z.enum(['photo', 'id-document']) }),
      consumes: ['multipart/form-data'],
      response: { 201: materialViewSchema, ...errors },
    },
    handler: async (request, reply) => {
      const kind: MaterialKind = request.params.kind;
      const content = await readSingleFile(request, materialKinds[kind].maxBytes);
      const checked = checkMaterial(kind, content);
      if (!checked.ok) {
        throw new ServerError(checked.code, {
          message: checked.problem.message,
          fields: [checked.problem],
        });
      }

      const material = {
        id: randomUUID(),
        kind,
        contentType: checked.image.contentType,
        size: content.length,
        width: checked.image.width,
        height: checked.image.height,
        sha256: createHash('sha256').update(content).digest('hex'),
        uploadedBy: principalKey(principalOf(request)),
      };
      await context.store.insertMaterial(material, content);
      return reply.code(201).send({
        materialId: material.id,
        kind,
        contentType: material.contentType,
        size: material.size,
        width: material.width,
        height: material.height,
      });
    },
  });

  routes.get('/api/applications/:applicationId', {
    preHandler,
    schema: {
      tags: ['受理'],
      summary: '查看本人（本窗口）提交的申请；个人信息仅对录入的窗口人员完整显示',
      params: z.strictObject({ applicationId: applicationIdSchema }),
      response: { 200: applicationSummarySchema, ...errors },
    },
    handler: async (request) => {
      const principal = principalOf(request);
      const application = await context.store.findById(request.params.applicationId);
      const own = application?.submittedBy === principalKey(principal);
      // The online channel sees only what it submitted; clerks see others' masked.
      if (!application || (!own && principal.role !== 'clerk')) {
        throw new ServerError('APPLICATION_NOT_FOUND');
      }
      return context.views.summary(application, { masked: !own });
    },
  });
}

/** The one file of a multipart upload, refused when larger than `maxBytes` or not alone. */
async function readSingleFile(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!request.isMultipart()) throw new ServerError('UNSUPPORTED_MEDIA_TYPE');
  const onlyOne = () =>
    new ServerError('INVALID_REQUEST', {
      fields: [
        { field: 'file', message: '请只上传一个文件（字段名 file），不要附带其他字段或第二个文件' },
      ],
    });

  let content: Buffer | undefined;
  try {
    const parts = request.parts({ limits: { fileSize: maxBytes, files: 2, fields: 0 } });
    for await (const part of parts) {
      if (part.type !== 'file' || content) throw onlyOne();
      content = await part.toBuffer();
    }
  } catch (error) {
    throw uploadError(error, onlyOne);
  }
  if (!content) {
    throw new ServerError('INVALID_REQUEST', {
      fields: [{ field: 'file', message: '请在 multipart/form-data 中附上一个文件' }],
    });
  }
  return content;
}

/** Limits that only a second file or an extra field can reach. */
const extraPartCodes = new Set(['FST_FIELDS_LIMIT', 'FST_FILES_LIMIT', 'FST_PARTS_LIMIT']);

/**
 * An upload's failure as a catalogue error: an extra part is `onlyOne`, a body that is not
 * well-formed multipart (truncated, no boundary) is a 400 saying what to send; the file's
 * own size limit and catalogue errors pass through.
 */
function uploadError(error: unknown, onlyOne: () => ServerError): unknown {
  if (error instanceof ServerError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && extraPartCodes.has(code)) return onlyOne();
  if (code === 'FST_REQ_FILE_TOO_LARGE') return error;
  return new ServerError('INVALID_REQUEST', {
    message:
      '上传内容不是完整的 multipart/form-data，请在 Content-Type 中带上 boundary，并完整发送一个文件字段',
    fields: [
      {
        field: 'file',
        message: '请以 multipart/form-data（带 boundary）完整上传一个 JPEG 或 PNG 图片文件',
      },
    ],
    cause: error,
  });
}
