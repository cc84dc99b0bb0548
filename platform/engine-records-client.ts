/**
 * Reads the records the embedded engine appends, over its read-only HTTP endpoint
 * (`engine/records-api/`, `ENGINE_RECORDS_URL`), for monitoring such as the operations
 * timeline. Readers never touch the engine's tables.
 *
 * Known limitation: only the embedded engine serves this endpoint. Against a Zeebe cluster
 * the records leave the brokers through exporters and Operate's API serves them, so this
 * reader must be replaced by an Operate client; until then monitoring there lacks them.
 */
import { z } from 'zod';
import type { EngineRecord, ValueType } from '../engine/api.ts';
import type { Config } from './config.ts';

/** What to list; every field optional. Keys and positions are decimal strings. */
export interface ListRecordsQuery {
  processInstanceKey?: string;
  valueType?: ValueType;
  /** Records after this position; absent = from the first. */
  afterPosition?: string;
  /** At most this many; the endpoint serves at most 1,000 (its default). */
  limit?: number;
}

/** One page, oldest first; pass `nextPosition` as `afterPosition` to read on. */
export interface RecordsPage {
  items: EngineRecord[];
  /** Null only when there are no records yet. Fewer items than asked = caught up for now. */
  nextPosition: string | null;
}

/** What the server depends on; tests may hand in their own. */
export interface EngineRecordsReader {
  listRecords(query: ListRecordsQuery): Promise<RecordsPage>;
}

/**
 * Thrown when the records endpoint cannot be reached, times out, fails (5xx) or answers
 * something that is not a records page. Retryable: the same query may succeed later.
 */
export class EngineRecordsUnavailableError extends Error {
  readonly code = 'ENGINE_RECORDS_UNAVAILABLE';
  readonly retryable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineRecordsUnavailableError';
  }
}

/** Thrown when the endpoint refuses the query (4xx); the message is the endpoint's. */
export class EngineRecordsRefusedError extends Error {
  readonly code = 'ENGINE_RECORDS_REFUSED';
  readonly retryable = false;

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'EngineRecordsRefusedError';
  }
}

export interface EngineRecordsClientOptions {
  /** Give up on one request after this long, ms; default 5,000. */
  timeoutMs?: number;
}

/** An `EngineRecordsReader` over HTTP (`fetch`). Stateless; safe to share. */
export class EngineRecordsClient implements EngineRecordsReader {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  /** `baseUrl` e.g. `http://127.0.0.1:26501`. */
  constructor(baseUrl: string, options: EngineRecordsClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  /** One page of records matching `query`, in position order. */
  async listRecords(query: ListRecordsQuery): Promise<RecordsPage> {
    const url = `${this.baseUrl}/v1/records?${searchParams(query)}`;
    const response = await this.get(url);
    const body = await response.json().catch(() => undefined);

    if (response.status >= 400 && response.status < 500) {
      const message = errorBodySchema.safeParse(body).data?.message;
      throw new EngineRecordsRefusedError(
        response.status,
        message ?? `the records endpoint refused <${url}> with status ${response.status}`,
      );
    }
    if (!response.ok) {
      throw new EngineRecordsUnavailableError(
        `the records endpoint <${this.baseUrl}> failed with status ${response.status}`,
      );
    }

    const page = recordsPageSchema.safeParse(body);
    if (!page.success) {
      throw new EngineRecordsUnavailableError(
        `<${this.baseUrl}> did not answer a records page; ` +
          'is ENGINE_RECORDS_URL the engine’s records endpoint?',
        { cause: page.error },
      );
    }
    return page.data as RecordsPage;
  }

  private async get(url: string): Promise<Response> {
    try {
      return await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new EngineRecordsUnavailableError(
        `the engine’s records endpoint <${this.baseUrl}> is unreachable (${reason(error, this.timeoutMs)}); ` +
          'is the engine running and ENGINE_RECORDS_URL right?',
        { cause: error },
      );
    }
  }
}

/** The client `ENGINE_RECORDS_URL` names. */
export function createEngineRecordsClient(
  config: Pick<Config, 'ENGINE_RECORDS_URL'>,
  options?: EngineRecordsClientOptions,
): EngineRecordsClient {
  return new EngineRecordsClient(config.ENGINE_RECORDS_URL, options);
}

// helpers ///////////////////////////////////////////////////////////////////

const recordSchema = z.object({
  position: z.string(),
  key: z.string(),
  valueType: z.string(),
  intent: z.string(),
  timestamp: z.number(),
  processInstanceKey: z.string().optional(),
  bpmnProcessId: z.string().optional(),
  elementId: z.string().optional(),
  bpmnElementType: z.string().optional(),
  tenantId: z.string(),
  value: z.record(z.string(), z.unknown()),
});

const recordsPageSchema = z.object({
  items: z.array(recordSchema),
  nextPosition: z.string().nullable(),
});

const errorBodySchema = z.object({ message: z.string() });

function searchParams(query: ListRecordsQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.set(name, String(value));
  }
  return params;
}

function reason(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `no answer in ${timeoutMs} ms`;

  // fetch says only "fetch failed"; its cause says why (ECONNREFUSED, bad port, …).
  const cause = error.cause as (Partial<Error> & { code?: string }) | undefined;
  return cause?.code ?? cause?.message ?? error.message;
}
