import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { zhCN } from 'zod/locales';
import { ServerError, type FieldProblem, type ServerErrorCode } from '../errors.ts';

const chinese = zhCN().localeError;

/**
 * Validates requests with their route's zod schema, with zod's Chinese messages where a
 * schema gives none, and answers a failure as `INVALID_REQUEST` listing each field.
 * Replaces `fastify-type-provider-zod`'s validator only to choose the messages and the
 * error shape; types still come from its type provider.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const validator = validatedAs.get(schema) ?? schema;
  return (data) => {
    const prefix = httpPart === 'body' ? '' : `${httpPart ?? ''}.`;
    const controls = controlCharacterProblems(data, prefix);
    if (controls.length > 0) {
      return { error: new ServerError('INVALID_REQUEST', { fields: controls }) };
    }
    const result = validator.safeParse(data, { error: chinese });
    if (result.success) return { value: result.data };
    return {
      error: new ServerError('INVALID_REQUEST', { fields: fieldProblems(result.error, prefix) }),
    };
  };
};

const validatedAs = new WeakMap<z.ZodType, z.ZodType>();

/**
 * A route schema that documents more than the route validates: OpenAPI shows `documented`,
 * requests are checked with `validator` (e.g. the application form, whose rules the
 * handler applies itself after data sharing has filled in what it knows).
 */
export function documentedAs<T extends z.ZodType>(validator: T, documented: z.ZodType): T {
  validatedAs.set(documented, validator);
  return documented as unknown as T;
}

/** Parses with Chinese fallback messages; throws `code` with every field's problem. */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  value: unknown,
  code: ServerErrorCode,
  prefix = '',
): z.output<T> {
  const result = schema.safeParse(value, { error: chinese });
  if (result.success) return result.data;
  throw new ServerError(code, { fields: fieldProblems(result.error, prefix) });
}

/** One `{ field, message }` per zod issue, `field` a dotted path (`form.applicant.phone`). */
export function fieldProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
  return error.issues.flatMap(closestAlternative).map((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      const field = [...path, issue.keys[0] ?? ''].join('.');
      return { field: prefix + field, message: `不接受的字段：${issue.keys.join('、')}，请删除` };
    }
    const field = path.join('.');
    return { field: prefix + (field || 'body'), message: issue.message };
  });
}

/** C0 control characters other than tab, line feed and carriage return, and DEL. */
// eslint-disable-next-line no-control-regex -- refusing them is the point
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * One problem per text value holding a control character (e.g. NUL, which PostgreSQL
 * cannot store), wherever it sits in `value`; `field` is its dotted path.
 */
export function controlCharacterProblems(value: unknown, prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const visit = (node: unknown, path: string[]) => {
    if (typeof node === 'string') {
      if (controlCharacter.test(node)) {
        problems.push({
          field: prefix + (path.join('.') || 'body'),
          message: '该项含有不可见的控制字符（如空字符 NUL），请删除后重新填写',
        });
      }
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, String(index)]));
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) visit(item, [...path, key]);
    }
  };
  visit(value, []);
  return problems;
}

/**
 * For a value that fits none of a union's shapes, the issues of the shape it came closest
 * to (fewest issues), on their own fields, instead of one bare "invalid input".
 */
function closestAlternative(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const closest = issue.errors.reduce((best, next) => (next.length < best.length ? next : best));
  return closest.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }));
}
