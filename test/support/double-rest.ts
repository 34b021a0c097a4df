import { REST } from 'discord.js';

/** Where the Discord double listens and the token it accepts (a started double, or its address passed to a child). */
export interface DoubleAddress {
  readonly apiBase: string;
  readonly token: string;
}

/** The real discord.js REST client aimed at the Discord double, with the bot's retry and timeout settings. */
export function restOnDouble(address: DoubleAddress): REST {
  return new REST({ api: address.apiBase, retries: 3, timeout: 2000 }).setToken(address.token);
}

/** Stops the client's sweeper timers, so nothing keeps the test process alive. */
export function closeRest(rest: REST): void {
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
}
