/** Options that take their value as the next argument. */
const WITH_VALUE = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader', '--conditions', '-C', '--disable-warning', '--unhandled-rejections']);

/** Options a worker accepts and may need: source maps, warnings, module conditions and loaders. */
function isWorkerOption(name: string): boolean {
  return (
    WITH_VALUE.has(name) ||
    name.startsWith('--experimental-') ||
    ['--enable-source-maps', '--no-warnings', '--no-deprecation', '--trace-warnings', '--trace-deprecation', '--trace-uncaught', '--pending-deprecation', '--throw-deprecation'].includes(name)
  );
}

/**
 * The Node options of `argv` (process.execArgv) that a parse worker gets. Only options workers accept and need are
 * kept: Node refuses a worker whose execArgv holds a V8 or per-process option (`--max-semi-space-size`,
 * `--max-old-space-size`, `--title`…), and that worker never starts, so an operator's heap flag on `npm start` would
 * stall every parse. tsx's loader is left out too: the worker registers tsx itself when it runs from source, and an
 * inherited registration would be a second loader thread in each worker (tens of megabytes).
 */
export function workerExecArgv(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? '';
    const equals = argument.indexOf('=');
    const name = argument.startsWith('--') && equals !== -1 ? argument.slice(0, equals) : argument;
    const separateValue = equals === -1 && WITH_VALUE.has(name);
    const value = separateValue ? (argv[index + 1] ?? '') : equals === -1 ? '' : argument.slice(equals + 1);
    if (separateValue) index++;
    if (!isWorkerOption(name) || value.includes('tsx')) continue;
    kept.push(...(separateValue ? [argument, value] : [argument]));
  }
  return kept;
}
