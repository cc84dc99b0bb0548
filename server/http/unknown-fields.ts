import { z } from 'zod';
import type { FieldProblem } from '../errors.ts';

/**
 * Fields of `value` that `schema` does not define, at any depth, as problems naming each
 * (`form.applicant.nickname`). For schemas built with `z.object`, which would otherwise
 * drop unknown fields silently; a client that misspells a field learns it at once.
 */
export function unknownFields(schema: z.ZodType, value: unknown, path: string): FieldProblem[] {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject && isPlainObject(value)) {
    const shape = inner.shape as Record<string, z.ZodType>;
    return Object.entries(value).flatMap(([key, child]) => {
      const field = path ? `${path}.${key}` : key;
      const known = shape[key];
      return known
        ? unknownFields(known, child, field)
        : [{ field, message: `不接受的字段：${key}，请删除` }];
    });
  }
  if (inner instanceof z.ZodArray && Array.isArray(value)) {
    return value.flatMap((child, index) =>
      unknownFields(inner.element as z.ZodType, child, `${path}.${index}`),
    );
  }
  return [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
