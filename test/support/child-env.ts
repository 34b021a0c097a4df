/** A variable a test child process cannot run without: its value, or an error naming the child and the variable. */
export function requiredEnv(child: string, name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${child}: ${name} is not set`);
  return value;
}
