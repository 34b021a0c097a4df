import type { REST } from 'discord.js';
import { restPoster, type DiscordPoster } from '../../src/digest/deliver/deliver.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { startDiscordDouble, type DiscordDouble } from '../double/index.ts';
import { closeRest, restOnDouble } from './double-rest.ts';
import type { Scratch } from './scratch.ts';

export interface DeliveryWorld {
  readonly double: DiscordDouble;
  readonly store: Store;
  readonly rest: REST;
  readonly poster: DiscordPoster;
}

/** A local Discord double, a SQLite store file and the real REST client on it, all closed after the test. */
export async function startDeliveryWorld(scratch: Scratch, storeName: string): Promise<DeliveryWorld> {
  const double = await startDiscordDouble();
  scratch.defer(() => double.close());
  const store = await openStore(`sqlite://${scratch.file(`${storeName}.sqlite`)}`);
  scratch.defer(() => store.close());
  const rest = restOnDouble(double);
  scratch.defer(async () => closeRest(rest));
  return { double, store, rest, poster: restPoster(rest) };
}
