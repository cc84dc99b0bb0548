/**
 * The Camunda extension functions of FEEL that `feelin` lacks and that models for Zeebe use
 * in conditions and mappings (`get or else`, `is empty`, `is blank`, `trim`, `assert`).
 * They are handed to `feelin` as context entries, which also lets its parser read their
 * multi-word names.
 *
 * Shortcoming: only these five. Calling another extension with a multi-word name fails the
 * FEEL syntax check at deployment; a one-word one (`uuid()`) evaluates to null with a warning.
 */

/** Thrown by `assert()`; evaluation turns it into a failure, as Zeebe does. */
export class FeelAssertionFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeelAssertionFailure';
  }
}

export const camundaFunctions: Readonly<Record<string, (...args: never[]) => unknown>> = {
  'get or else': (value: unknown, fallback: unknown) => value ?? fallback,

  'is empty': (value: unknown) => {
    if (typeof value === 'string' || Array.isArray(value)) {
      return value.length === 0;
    }

    return null;
  },

  'is blank': (value: unknown) => (typeof value === 'string' ? value.trim() === '' : null),

  trim: (value: unknown) => (typeof value === 'string' ? value.trim() : null),

  assert: (value: unknown, condition: unknown, cause?: unknown) => {
    if (condition !== true) {
      const reason = typeof cause === 'string' ? cause : 'The condition is not fulfilled';
      throw new FeelAssertionFailure(`Assertion failure on evaluate the expression: ${reason}`);
    }

    return value;
  },
};

/** Names the FEEL parser must know to read calls of the extension functions. */
export const camundaFunctionNames: Readonly<Record<string, null>> = Object.fromEntries(
  Object.keys(camundaFunctions).map((name) => [name, null]),
);
