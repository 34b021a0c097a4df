import type { KnowledgeBase } from '../../../kb/types.ts';
import type { LogFields, LogLevel } from '../../../log.ts';
import type { CollectSummary } from '../report.ts';
import type { CollectOptions, TrackedFeed } from '../types.ts';

/** What the collection thread is started with (copied to it once). */
export interface CollectThreadData {
  readonly storeUrl: string;
  readonly storeTimeoutMs: number;
  readonly kb: KnowledgeBase;
}

/** Collect options as they cross to the thread: everything but the run's own objects (signal, connections). */
export type ThreadCollectOptions = Omit<CollectOptions, 'signal' | 'connections'>;

export type ToCollectThread =
  | { readonly kind: 'collect'; readonly id: number; readonly feeds: readonly TrackedFeed[]; readonly options: ThreadCollectOptions }
  | { readonly kind: 'abort'; readonly id: number }
  | { readonly kind: 'close' };

/** An error as it crosses back: enough to rebuild a StoreError, so the answer still says the store failed. */
export interface ThreadError {
  readonly name: string;
  readonly message: string;
  readonly location?: string;
}

export type FromCollectThread =
  | { readonly kind: 'log'; readonly level: LogLevel; readonly message: string; readonly fields: LogFields }
  | { readonly kind: 'report'; readonly id: number; readonly report: CollectSummary }
  | { readonly kind: 'failed'; readonly id: number; readonly error: ThreadError };
