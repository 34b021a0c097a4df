import { z } from 'zod';
import { ConfigError } from '../config.ts';

export const DEFAULT_PLAYGROUND_PORT = 3000;

const PORT = 'must be a port number (1–65535, or 0 for any free port)';

const blankIsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const schema = z.object({
  PLAYGROUND_PORT: z.preprocess(blankIsUnset, z.string().trim().regex(/^\d{1,5}$/, PORT).transform(Number).pipe(z.number().max(65_535, PORT)).optional()),
  PLAYGROUND_DEMO: z.preprocess(blankIsUnset, z.enum(['true', 'false'], { error: 'must be true or false' }).optional()),
});

/** How the playground runs: its port on 127.0.0.1 and whether the digest reads the bundled sample feed only. */
export interface PlaygroundSettings {
  readonly port: number;
  readonly demo: boolean;
}

/** PLAYGROUND_PORT (default 3000) and PLAYGROUND_DEMO=true or `--demo` on the command line. */
export function playgroundSettings(env: NodeJS.ProcessEnv, argv: readonly string[]): PlaygroundSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  return { port: parsed.data.PLAYGROUND_PORT ?? DEFAULT_PLAYGROUND_PORT, demo: parsed.data.PLAYGROUND_DEMO === 'true' || argv.includes('--demo') };
}
