import { checkString, createFormErrors, isRecord, maxLength, type FormErrors } from './form.ts';

/** At most 25 autocomplete choices, each named with 1–100 characters. */
export const CHOICE_LIMITS = { choices: 25, name: 100, value: 100 } as const;

/** Checks the `data` of an autocomplete result (callback type 8); returns errors nested under `data.choices`. */
export function checkAutocompleteData(data: unknown): FormErrors {
  const errors = createFormErrors();
  const path = ['data', 'choices'];
  const choices = isRecord(data) ? data['choices'] : undefined;
  if (!Array.isArray(choices)) {
    errors.add(path, { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    return errors;
  }
  if (choices.length > CHOICE_LIMITS.choices) errors.add(path, maxLength(CHOICE_LIMITS.choices));
  choices.forEach((choice: unknown, index) => {
    const record = isRecord(choice) ? choice : {};
    checkString(errors, [...path, index, 'name'], record['name'], { min: 1, max: CHOICE_LIMITS.name });
    const value = record['value'];
    if (typeof value === 'string') checkString(errors, [...path, index, 'value'], value, { max: CHOICE_LIMITS.value });
    else if (typeof value !== 'number') errors.add([...path, index, 'value'], { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  });
  return errors;
}
