/** One entry of a Discord "Invalid Form Body" error list. */
export interface FieldError {
  readonly code: string;
  readonly message: string;
}

/** A Discord-style error tree: nested by field path, each leaf holding `_errors`. */
export type ErrorTree = { [key: string]: ErrorTree | FieldError[] };

/** Collects field errors into Discord's nested `errors` object. */
export interface FormErrors {
  readonly tree: ErrorTree;
  add(path: readonly (string | number)[], error: FieldError): void;
  readonly size: number;
}

export function createFormErrors(): FormErrors {
  const tree: ErrorTree = {};
  let size = 0;
  return {
    tree,
    add(path, error) {
      let node = tree;
      for (const key of path) {
        const child = node[String(key)];
        if (child === undefined || Array.isArray(child)) {
          const created: ErrorTree = {};
          node[String(key)] = created;
          node = created;
        } else {
          node = child;
        }
      }
      const list = node['_errors'];
      if (Array.isArray(list)) list.push(error);
      else node['_errors'] = [error];
      size += 1;
    },
    get size() {
      return size;
    },
  };
}

export const maxLength = (max: number): FieldError => ({ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
export const badLength = (min: number, max: number): FieldError => ({ code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between ${min} and ${max} in length.` });
export const required: FieldError = { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
export const notString: FieldError = { code: 'BASE_TYPE_STRING', message: 'Could not interpret value as string.' };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks an optional string field's length; reports a type error for non-strings. */
export function checkString(errors: FormErrors, path: readonly (string | number)[], value: unknown, limits: { readonly min?: number; readonly max: number }): void {
  if (value === undefined || value === null) {
    if ((limits.min ?? 0) > 0) errors.add(path, required);
    return;
  }
  if (typeof value !== 'string') {
    errors.add(path, notString);
    return;
  }
  const length = [...value].length;
  const min = limits.min ?? 0;
  if (length > limits.max || length < min) errors.add(path, min > 0 ? badLength(min, limits.max) : maxLength(limits.max));
}
