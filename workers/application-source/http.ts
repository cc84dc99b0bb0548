import type { z } from 'zod';

import type { ItemCode, ItemResult } from '../../bpmn/process-contract.ts';
import {
  apiErrorSchema,
  applicationViewSchema,
  departmentPath,
  itemProgressSchema,
  itemRequestSchema,
  PROCESS_INSTANCE_KEY_HEADER,
  type ApplicationView,
  type Escalation,
  type ItemProgress,
  type ItemRequest,
  type Mailing,
} from '../../server/department-api/contract.ts';
import { WorkerError } from '../errors.ts';
import type { ApplicationSource, CallContext, Photo } from './application-source.ts';

export interface HttpApplicationSourceOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:8080`. */
  serverUrl: string;
  /** The calling department's bearer token (`DEPARTMENT_TOKENS`). */
  token: string;
  /** Give up on a call after this long, in milliseconds; the job is then retried. */
  timeoutMs: number;
}

/**
 * `ApplicationSource` over the server's department API (`server/department-api/contract.ts`),
 * with the calling department's token and the job's process instance key on every call.
 *
 * Maps answers onto `WorkerError`s: network failures, timeouts, 429 and 5xx →
 * `APPLICATION_SOURCE_UNAVAILABLE` (retry); 404 → `APPLICATION_NOT_FOUND`; 409
 * `INSTANCE_SUPERSEDED` → `INSTANCE_SUPERSEDED`; any other 4xx or an answer that breaks the
 * contract → `APPLICATION_SOURCE_REFUSED`, with the server's code in the detail.
 */
export class HttpApplicationSource implements ApplicationSource {
  constructor(private readonly options: HttpApplicationSourceOptions) {}

  async itemRequest(
    applicationId: string,
    item: ItemCode,
    context?: CallContext,
  ): Promise<ItemRequest> {
    const path = departmentPath('itemRequest', { applicationId, item });
    const body = await this.call('GET', path, context);
    return parseAnswer(itemRequestSchema, body, path) as ItemRequest;
  }

  async photo(applicationId: string, context?: CallContext): Promise<Photo> {
    const path = departmentPath('photo', { applicationId });
    const response = await this.send('GET', path, context);
    return {
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      bytes: new Uint8Array(await this.read(response, path, (r) => r.arrayBuffer())),
    };
  }

  async application(applicationId: string, context?: CallContext): Promise<ApplicationView> {
    const path = departmentPath('application', { applicationId });
    const body = await this.call('GET', path, context);
    return parseAnswer(applicationViewSchema, body, path) as ApplicationView;
  }

  recordOutcome(applicationId: string, result: ItemResult, context?: CallContext) {
    const path = departmentPath('outcome', { applicationId, item: result.item });
    return this.write(path, result, context);
  }

  recordEscalation(
    applicationId: string,
    item: ItemCode,
    escalation: Escalation,
    context?: CallContext,
  ) {
    return this.write(departmentPath('escalation', { applicationId, item }), escalation, context);
  }

  recordMailing(applicationId: string, mailing: Mailing, context?: CallContext) {
    return this.write(departmentPath('mailing', { applicationId }), mailing, context);
  }

  private async write(path: string, body: unknown, context?: CallContext): Promise<ItemProgress> {
    const answer = await this.call('PUT', path, context, body);
    return parseAnswer(itemProgressSchema, answer, path);
  }

  private async call(
    method: string,
    path: string,
    context?: CallContext,
    body?: unknown,
  ): Promise<unknown> {
    const response = await this.send(method, path, context, body);
    return this.read(response, path, (r) => r.json());
  }

  private async send(
    method: string,
    path: string,
    context?: CallContext,
    body?: unknown,
  ): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (context?.processInstanceKey) {
      headers[PROCESS_INSTANCE_KEY_HEADER] = context.processInstanceKey;
    }

    let response: Response;
    try {
      response = await fetch(new URL(path, this.options.serverUrl), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (cause) {
      throw new WorkerError('APPLICATION_SOURCE_UNAVAILABLE', `${method} ${path}`, { cause });
    }
    if (!response.ok) throw await refusal(response, `${method} ${path}`);
    return response;
  }

  private async read<T>(
    response: Response,
    path: string,
    body: (response: Response) => Promise<T>,
  ): Promise<T> {
    try {
      return await body(response);
    } catch (cause) {
      throw new WorkerError('APPLICATION_SOURCE_UNAVAILABLE', `${path} 的答复未能读完`, { cause });
    }
  }
}

// helpers ------------------------------------------------------------------

async function refusal(response: Response, call: string): Promise<WorkerError> {
  const parsed = apiErrorSchema.safeParse(await response.json().catch(() => undefined));
  const code = parsed.success ? parsed.data.code : undefined;
  const detail = `${call} → ${response.status}${code ? ` ${code}` : ''}`;

  if (response.status === 429 || response.status >= 500) {
    return new WorkerError('APPLICATION_SOURCE_UNAVAILABLE', detail);
  }
  if (response.status === 404) return new WorkerError('APPLICATION_NOT_FOUND', detail);
  if (code === 'INSTANCE_SUPERSEDED') return new WorkerError('INSTANCE_SUPERSEDED', detail);
  return new WorkerError('APPLICATION_SOURCE_REFUSED', detail);
}

function parseAnswer<T extends z.ZodType>(schema: T, body: unknown, path: string): z.output<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
  throw new WorkerError('APPLICATION_SOURCE_REFUSED', `${path} 的答复不符合约定（${problems}）`);
}
