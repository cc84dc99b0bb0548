import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { StoredApplication } from '../applications/application.ts';
import { receiptNumberPattern } from '../applications/receipt-number.ts';
import { statusViewSchema } from '../applications/views.ts';
import type { ServerContext } from '../context.ts';
import { apiErrorSchema } from '../department-api/contract.ts';
import { ServerError } from '../errors.ts';

/** Either the receipt number with the ID number, or the status token from the submission. */
export const statusLookupSchema = z.union([
  z.strictObject({
    receiptNumber: z
      .string({ error: '请填写受理编号（receiptNumber），如 370100-20260214-00017' })
      .trim()
      .regex(receiptNumberPattern, '受理编号格式应为 城市代码-日期-序号，如 370100-20260214-00017'),
    idNumber: z
      .string({ error: '请填写申请时所填的证件号码（idNumber）' })
      .trim()
      .toUpperCase()
      .min(1, '请填写申请时所填的证件号码（idNumber）')
      .max(32, '证件号码不能超过32位'),
  }),
  z.strictObject({
    statusToken: z
      .string({
        error:
          '请发送提交时得到的查询凭证（statusToken），或改为发送受理编号（receiptNumber）和证件号码（idNumber）',
      })
      .min(10, '查询凭证不完整，请完整复制提交时得到的查询凭证')
      .max(200, '查询凭证过长，请完整复制提交时得到的查询凭证'),
  }),
]);

/**
 * 在线查询: an applicant looks an application up with its receipt number and their ID
 * number, or the status token given at submission. A lookup that does not match answers
 * exactly like an unknown receipt number, so nobody learns about another's application.
 * POST, so the ID number never appears in a URL or an access log.
 */
export function registerStatusRoutes(app: FastifyInstance, context: ServerContext): void {
  app.withTypeProvider<ZodTypeProvider>().post('/api/status', {
    bodyLimit: 4 * 1024,
    schema: {
      tags: ['在线查询'],
      summary: '申请人查询办理进度：受理编号 + 证件号码，或提交时给出的查询凭证',
      body: statusLookupSchema,
      response: { 200: statusViewSchema, 400: apiErrorSchema, 404: apiErrorSchema },
    },
    handler: async (request) => {
      const application = await find(context, request.body);
      if (!application) throw new ServerError('STATUS_NOT_FOUND');
      return context.views.status(application);
    },
  });
}

async function find(
  context: ServerContext,
  lookup: z.infer<typeof statusLookupSchema>,
): Promise<StoredApplication | undefined> {
  if ('statusToken' in lookup) {
    const id = context.statusTokens.verify(lookup.statusToken);
    return id ? context.store.findById(id) : undefined;
  }
  const application = await context.store.findByReceiptNumber(lookup.receiptNumber);
  if (!application) return undefined;
  return sameText(application.form.applicant.idNumber, lookup.idNumber) ? application : undefined;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
