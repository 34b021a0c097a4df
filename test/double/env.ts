import type { APIUser } from 'discord.js';
import type { GatewayHub } from './gateway/hub.ts';
import type { ResolvedOptions } from './options.ts';
import type { DoubleState } from './state.ts';
import type { World } from './world.ts';

/** What route handlers and helpers share. */
export interface DoubleEnv {
  readonly state: DoubleState;
  readonly world: World;
  readonly options: ResolvedOptions;
  readonly gateway: GatewayHub;
  readonly snowflake: () => string;
  readonly notify: () => void;
  readonly now: () => number;
  /** Users the double can put in `mentions`. */
  readonly knownUsers: readonly APIUser[];
}
