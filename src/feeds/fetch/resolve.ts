import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { canonicalAddress, isPublicAddress } from './address-guard.ts';
import { dnsFailure, failure, privateAddress, unexpectedAddress } from './errors.ts';
import type { PinnedAddress } from './pinned.ts';
import type { FetchError, HostLookup } from './types.ts';

export type { PinnedAddress } from './pinned.ts';

/**
 * DNS for the fetcher, resistant to rebinding: a host is resolved once per hop, every answer is checked, and the
 * connection is made only to those checked answers (a lookup handed to http.request that ignores real DNS).
 * Once connected, the socket's remote address is checked again.
 */

/** An address that passed the guard and is the only place a hop may connect to. */

/** Who may resolve to a private address. */
export interface AddressPolicy {
  allowPrivate: boolean;
  allowPrivateHosts: readonly string[];
}

/** The system resolver, every address, in the order the system prefers. */
export const systemLookup: HostLookup = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** The host of a URL without IPv6 brackets. */
export function hostnameOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

function mayUsePrivate(hostname: string, policy: AddressPolicy): boolean {
  const host = hostname.toLowerCase();
  return policy.allowPrivate || policy.allowPrivateHosts.some((allowed) => allowed.toLowerCase() === host);
}

/** Rejects with the signal's reason as soon as it aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

function describeDnsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOTFOUND' || code === 'ENODATA') return 'no such host';
  if (code === 'EAI_AGAIN') return 'temporary DNS failure';
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Resolves the host of `url` (literal IPs are used as they are) and checks every address against the policy.
 * Throws a FetchFailure ('dns' or 'private-address'); rejects with the signal's reason when it aborts.
 */
export async function resolvePinnedAddresses(
  url: URL,
  policy: AddressPolicy,
  lookup: HostLookup,
  signal: AbortSignal,
): Promise<PinnedAddress[]> {
  const hostname = hostnameOf(url);
  let answers: readonly string[];
  if (isIP(hostname)) {
    answers = [hostname];
  } else {
    try {
      answers = await untilAborted(lookup(hostname), signal);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw failure(dnsFailure(hostname, describeDnsError(error)));
    }
  }
  if (answers.length === 0) throw failure(dnsFailure(hostname, 'no address'));

  const allowPrivate = mayUsePrivate(hostname, policy);
  return answers.map((answer) => {
    const address = canonicalAddress(answer);
    if (address === undefined) throw failure(dnsFailure(hostname, `not an IP address: ${answer}`));
    if (!allowPrivate && !isPublicAddress(address)) throw failure(privateAddress(hostname, address));
    return { address, family: isIP(address) === 6 ? 6 : 4 };
  });
}

function requestedFamily(family: number | 'IPv4' | 'IPv6' | undefined): 0 | 4 | 6 {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}

/** A lookup for http.request that answers with the pinned addresses only, whatever the host name. */
export function createPinnedLookup(addresses: readonly PinnedAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const family = requestedFamily(options.family);
    const candidates = family === 0 ? addresses : addresses.filter((entry) => entry.family === family);
    const first = candidates[0];
    process.nextTick(() => {
      if (first === undefined) {
        const error: NodeJS.ErrnoException = new Error(`no IPv${family} address pinned for ${hostname}`);
        error.code = 'ENOTFOUND';
        callback(error, '', 0);
      } else if (options.all) {
        callback(null, candidates.map((entry) => ({ address: entry.address, family: entry.family })));
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}

/**
 * Checks the address a socket actually connected to: it must be one of the pinned addresses, and public unless
 * the host may use private ones. Returns the error to fail with, or undefined when it is fine.
 */
export function checkConnectedAddress(
  hostname: string,
  remoteAddress: string | undefined,
  pinned: readonly PinnedAddress[],
  policy: AddressPolicy,
): FetchError | undefined {
  const remote = remoteAddress === undefined ? undefined : canonicalAddress(remoteAddress);
  if (remote === undefined) return unexpectedAddress(hostname, remoteAddress ?? 'unknown');
  if (!pinned.some((entry) => entry.address === remote)) return unexpectedAddress(hostname, remote);
  if (!mayUsePrivate(hostname, policy) && !isPublicAddress(remote)) return privateAddress(hostname, remote);
  return undefined;
}
