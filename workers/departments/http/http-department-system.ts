import { z } from 'zod';

import { resultCorrelationKey, type ItemCode } from '../../../bpmn/process-contract.ts';
import { itemResultSchema, type ItemRequest } from '../../../server/department-api/contract.ts';
import type { Photo } from '../../application-source/application-source.ts';
import { WorkerError } from '../../errors.ts';
import type { DepartmentAnswer, LaterDecision } from '../department-system.ts';
import type { HousingFundRequest, HousingFundSystem } from '../housing-fund/housing-fund-system.ts';
import type {
  ArchiveRequest,
  CardMailed,
  CardRequest,
  EmploymentRequest,
  HrssSystem,
} from '../hrss/hrss-system.ts';
import type { MedicalRequest, MedicalSystem } from '../medical/medical-system.ts';
import type { ContributionRequest, TaxSystem } from '../tax/tax-system.ts';

export interface HttpDepartmentSystemOptions {
  /** The department API's base URL (`DEPARTMENT_API_URLS`), e.g. `https://hrss.example/api/`. */
  baseUrl: string;
  /** The department API's bearer token (`DEPARTMENT_API_TOKENS`). */
  token: string;
  /** Give up on a call after this long, in milliseconds; the job is then retried. */
  timeoutMs: number;
}

/**
 * A department's own system reached over its HTTP API: the second implementation of each
 * department interface, one class for all four since the API has one shape.
 *
 * The API it expects (relative to `baseUrl`, JSON, `Authorization: Bearer <token>`):
 * - `POST requests` with the item's request (and `photo` as base64 for the card) and
 *   `Idempotency-Key: <applicationId>:<item>` → `{ state: 'decided', result }` or
 *   `{ state: 'pending' }`; the same key again must answer the first answer.
 * - `POST card-mailings` `{ applicationId, mailingAddress }` with an idempotency key →
 *   `{ trackingNumber, mailedAt }`; 409 `{ code: 'CARD_NOT_APPROVED' }` without an approved card.
 * - `GET decisions?undelivered=true&limit=N` → `{ decisions: [{ applicationId, result }] }`.
 * - `PUT decisions/<applicationId>/<item>/delivered` → 2xx.
 *
 * Network failures, timeouts, 429 and 5xx → `DEPARTMENT_UNAVAILABLE` (retry); other 4xx →
 * `DEPARTMENT_REQUEST_REFUSED`; a 2xx answer off this shape → `DEPARTMENT_ANSWER_INVALID`.
 */
export class HttpDepartmentSystem
  implements HrssSystem, MedicalSystem, TaxSystem, HousingFundSystem
{
  constructor(private readonly options: HttpDepartmentSystemOptions) {}

  enrollPension(request: ItemRequest) {
    return this.submit(request);
  }

  applyForCard(request: CardRequest, photo: Photo) {
    return this.submit(request, {
      contentType: photo.contentType,
      base64: Buffer.from(photo.bytes).toString('base64'),
    });
  }

  transferArchive(request: ArchiveRequest) {
    return this.submit(request);
  }

  registerEmployment(request: EmploymentRequest) {
    return this.submit(request);
  }

  enroll(request: MedicalRequest) {
    return this.submit(request);
  }

  declareContributions(request: ContributionRequest) {
    return this.submit(request);
  }

  openAccount(request: HousingFundRequest) {
    return this.submit(request);
  }

  async mailCard(request: CardRequest): Promise<CardMailed> {
    const body = {
      applicationId: request.applicationId,
      mailingAddress: request.form.card.mailingAddress,
    };
    const key = `${resultCorrelationKey(request.applicationId, request.item)}:mailing`;
    return this.call('POST', 'card-mailings', mailedSchema, { body, idempotencyKey: key });
  }

  async undeliveredDecisions(limit: number): Promise<LaterDecision[]> {
    const path = `decisions?undelivered=true&limit=${limit}`;
    return (await this.call('GET', path, decisionsSchema)).decisions;
  }

  async markDelivered(applicationId: string, item: ItemCode): Promise<void> {
    const path = `decisions/${encodeURIComponent(applicationId)}/${item}/delivered`;
    await this.call('PUT', path, z.unknown());
  }

  private async submit(
    request: ItemRequest,
    photo?: { contentType: string; base64: string },
  ): Promise<DepartmentAnswer> {
    const answer = await this.call('POST', 'requests', answerSchema, {
      body: photo ? { ...request, photo } : request,
      idempotencyKey: resultCorrelationKey(request.applicationId, request.item),
    });
    if (answer.state === 'decided' && answer.result.item !== request.item) {
      throw new WorkerError(
        'DEPARTMENT_ANSWER_INVALID',
        `答复的事项 ${answer.result.item} 与请求不符`,
      );
    }
    return answer;
  }

  private async call<T extends z.ZodType>(
    method: string,
    path: string,
    schema: T,
    options: { body?: unknown; idempotencyKey?: string } = {},
  ): Promise<z.output<T>> {
    const response = await this.send(method, path, options);
    const text = await response.text().catch((cause: unknown) => {
      throw new WorkerError('DEPARTMENT_UNAVAILABLE', `${method} ${path} 的答复未能读完`, {
        cause,
      });
    });

    const parsed = schema.safeParse(text === '' ? undefined : safeJson(text));
    if (!parsed.success) {
      throw new WorkerError('DEPARTMENT_ANSWER_INVALID', `${method} ${path} → ${response.status}`);
    }
    return parsed.data;
  }

  private async send(
    method: string,
    path: string,
    options: { body?: unknown; idempotencyKey?: string },
  ): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.token}` };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;

    let response: Response;
    try {
      response = await fetch(new URL(path, withTrailingSlash(this.options.baseUrl)), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (cause) {
      throw new WorkerError('DEPARTMENT_UNAVAILABLE', `${method} ${path}`, { cause });
    }
    if (response.ok) return response;

    const code = await response
      .json()
      .then((body: unknown) => (body as { code?: unknown } | undefined)?.code)
      .catch(() => undefined);
    const detail = `${method} ${path} → ${response.status}${typeof code === 'string' ? ` ${code}` : ''}`;
    if (response.status === 429 || response.status >= 500) {
      throw new WorkerError('DEPARTMENT_UNAVAILABLE', detail);
    }
    if (code === 'CARD_NOT_APPROVED') throw new WorkerError('CARD_NOT_APPROVED', detail);
    throw new WorkerError('DEPARTMENT_REQUEST_REFUSED', detail);
  }
}

// helpers ------------------------------------------------------------------

const answerSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('decided'), result: itemResultSchema }),
  z.object({ state: z.literal('pending') }),
]);

const mailedSchema = z.object({
  trackingNumber: z.string().min(1).max(64),
  mailedAt: z.iso.datetime({ offset: true }),
});

const decisionsSchema = z.object({
  decisions: z.array(z.object({ applicationId: z.string().min(1), result: itemResultSchema })),
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
