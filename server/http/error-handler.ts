import type { FastifyError, FastifyInstance } from 'fastify';
import { ServerError, type ServerErrorCode } from '../errors.ts';

/** Fastify's and its plugins' own error codes, as catalogue errors. */
const frameworkErrors: Record<string, ServerErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'BODY_NOT_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BODY_EMPTY',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_REQUEST',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_REQ_FILE_TOO_LARGE: 'MATERIAL_TOO_LARGE',
  FST_PARTS_LIMIT: 'BODY_TOO_LARGE',
  FST_FILES_LIMIT: 'BODY_TOO_LARGE',
  FST_FIELDS_LIMIT: 'BODY_TOO_LARGE',
  FST_PROTO_VIOLATION: 'INVALID_REQUEST',
  FST_MP_PREMATURE_CLOSE: 'INVALID_REQUEST',
};

/**
 * Answers every error as `{ statusCode, code, message, fields? }` from the catalogue.
 * Framework errors are translated; any other 4xx keeps its status with a generic message;
 * anything else is a 500 `INTERNAL`, logged, with nothing of the cause in the answer.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = asServerError(error);
    if (known) {
      if (known.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      return reply.code(known.statusCode).send(known.toBody());
    }

    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.info({ code: error.code }, 'request refused');
      return reply.code(error.statusCode).send({
        statusCode: error.statusCode,
        code: 'INVALID_REQUEST',
        message: '请求无法处理，请检查请求的地址、请求头和内容',
      });
    }

    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(new ServerError('INTERNAL').toBody());
  });

  app.setNotFoundHandler((_request, reply) => {
    const error = new ServerError('ROUTE_NOT_FOUND');
    return reply.code(error.statusCode).send(error.toBody());
  });
}

function asServerError(error: FastifyError): ServerError | undefined {
  if (error instanceof ServerError) return error;
  const code = frameworkErrors[error.code];
  return code ? new ServerError(code, { cause: error }) : undefined;
}
