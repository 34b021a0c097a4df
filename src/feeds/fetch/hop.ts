import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { failure } from './errors.ts';
import { checkConnectedAddress, createPinnedLookup, hostnameOf, resolvePinnedAddresses } from './resolve.ts';
import { interpretResponse, type Hop } from './response.ts';
import type { Settings } from './settings.ts';

/** Calls `ready` once the socket is connected (TCP), at once if it already is; never if it failed to connect. */
function whenConnected(socket: Socket, ready: () => void): void {
  if (socket.connecting) socket.once('connect', ready);
  else if (!socket.destroyed) ready();
}

/**
 * One request: resolve and check the host, connect only to the checked addresses, verify the peer before sending
 * anything, then read the answer. The request (and its socket) is destroyed when the hop settles, whatever happened.
 */
export async function fetchHop(url: URL, settings: Settings, signal: AbortSignal): Promise<Hop> {
  const pinned = await resolvePinnedAddresses(url, settings.policy, settings.lookup, signal);
  if (signal.aborted) throw signal.reason;
  const hostname = hostnameOf(url);
  return new Promise<Hop>((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, {
      method: 'GET',
      headers: settings.headers,
      agent: false,
      lookup: createPinnedLookup(pinned),
    });
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      request.destroy();
      done();
    };
    const fail = (error: unknown) => settle(() => reject(error));
    const onAbort = () => fail(signal.reason);

    request.on('error', fail);
    request.on('socket', (socket: Socket) =>
      whenConnected(socket, () => {
        const refusal = checkConnectedAddress(hostname, socket.remoteAddress, pinned, settings.policy);
        if (refusal) fail(failure(refusal));
        else request.end();
      }),
    );
    request.on('response', (response: IncomingMessage) => {
      response.on('error', () => {});
      interpretResponse(response, url, settings).then((hop) => settle(() => resolve(hop)), fail);
    });
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
