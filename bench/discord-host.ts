import type { DiscordDouble, InteractionRecord } from '../test/double/index.ts';
import { serveParent } from './child.ts';
import { startDiscordDouble } from '../test/double/index.ts';

/**
 * The local Discord double, run as a child process for the benchmark: its clock and its dispatch timer keep
 * running while the bot's main thread is busy, so dispatch→callback latency includes every stall the user would
 * see (a double on the bot's own thread would stall with it and hide them). Talks to its parent over IPC.
 */

/** One interaction to send, as the double's builders take it. */
export interface InteractionSpec {
  readonly kind: 'command' | 'autocomplete';
  readonly name: string;
  readonly options?: Readonly<Record<string, string>>;
  /** Autocomplete: the option being typed and what is typed so far. */
  readonly focused?: string;
  readonly value?: string;
  readonly locale?: 'en-US' | 'fr';
}

/** What the parent asks. */
export type DiscordCommand =
  | { kind: 'start' }
  /** One interaction after the other, each sent once the previous one was answered. */
  | { kind: 'sequence'; plan: InteractionSpec[]; count: number }
  /** An interaction every `intervalMs`, cycling through `plan`, until `stop`. */
  | { kind: 'stream'; plan: InteractionSpec[]; intervalMs: number }
  | { kind: 'stop' }
  | { kind: 'close' };

/** Dispatch→callback latencies (ms, from the double's records) and interactions left unanswered. */
export interface LatencyReport {
  readonly samples: number[];
  readonly unanswered: number;
}

const ANSWER_TIMEOUT_MS = 5_000;
const MAX_STREAM_MS = 120_000;

let discord: DiscordDouble | undefined;
let stream: { timer: NodeJS.Timeout; records: InteractionRecord[]; stopAt: number } | undefined;

function requireDouble(): DiscordDouble {
  if (!discord) throw new Error('the double is not started');
  return discord;
}

function dispatch(spec: InteractionSpec): InteractionRecord {
  const double = requireDouble();
  const input = { name: spec.name, options: spec.options ?? {}, locale: spec.locale ?? 'en-US' };
  const payload = spec.kind === 'autocomplete'
    ? double.autocomplete({ ...input, focused: spec.focused ?? '', value: spec.value ?? '' })
    : double.chatInput(input);
  return double.dispatchInteraction(payload).record;
}

/** Waits (bounded) until every record has its callback, then reports latencies. */
async function settle(records: readonly InteractionRecord[]): Promise<LatencyReport> {
  const double = requireDouble();
  await double.waitFor(() => (records.every((record) => record.callback !== null) ? true : undefined), { timeoutMs: ANSWER_TIMEOUT_MS }).catch(() => undefined);
  const samples = records.flatMap((record) => (record.callback === null ? [] : [record.callback.elapsedMs]));
  return { samples, unanswered: records.length - samples.length };
}

async function runSequence(plan: readonly InteractionSpec[], count: number): Promise<LatencyReport> {
  const double = requireDouble();
  const records: InteractionRecord[] = [];
  for (let i = 0; i < count; i++) {
    const record = dispatch(plan[i % plan.length] as InteractionSpec);
    records.push(record);
    await double.waitFor(() => record.callback ?? undefined, { timeoutMs: ANSWER_TIMEOUT_MS }).catch(() => undefined);
  }
  return settle(records);
}

function startStream(plan: readonly InteractionSpec[], intervalMs: number): void {
  const records: InteractionRecord[] = [];
  let next = 0;
  const timer = setInterval(() => {
    if (!stream || Date.now() > stream.stopAt) return void clearInterval(timer);
    records.push(dispatch(plan[next++ % plan.length] as InteractionSpec));
  }, intervalMs);
  stream = { timer, records, stopAt: Date.now() + MAX_STREAM_MS };
}

async function handle(message: DiscordCommand): Promise<Record<string, unknown>> {
  switch (message.kind) {
    case 'start': {
      discord = await startDiscordDouble();
      const { apiBase, token, applicationId, guildId } = discord;
      return { apiBase, token, applicationId, guildId };
    }
    case 'sequence':
      return { report: await runSequence(message.plan, message.count) };
    case 'stream':
      startStream(message.plan, message.intervalMs);
      return {};
    case 'stop': {
      const current = stream;
      stream = undefined;
      if (!current) return { report: { samples: [], unanswered: 0 } };
      clearInterval(current.timer);
      return { report: await settle(current.records) };
    }
    case 'close':
      if (stream) clearInterval(stream.timer);
      await discord?.close();
      return {};
  }
}

serveParent<DiscordCommand>(handle);
