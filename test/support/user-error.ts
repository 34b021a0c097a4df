import { UserError } from '../../src/errors.ts';

/** The UserError `run` throws; fails the test if it returns or throws anything else. */
export function userError(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}
