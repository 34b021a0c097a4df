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

/** Waits for the end of a response without a body (a 304), so its connection can serve the next request. */
function untilEnd(response: IncomingMessage): Promise<void> {
  // `complete` is set when the parser has the whole message, before 'end' is emitted: wait for 'end' itself.
  if (response.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    response.once('end', resolve);
    response.once('close', resolve);
    response.resume();
  });
}

/**
 * One request: resolve and check the host, connect only to the checked addresses (or reuse a connection of
 * `settings.connections` made to those same addresses), verify the peer before sending anything, then read the
 * answer. Unless the answer was read to its end and connections are kept, the request and its socket are destroyed
 * when the hop settles, whatever happened.
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
      agent: settings.connections?.agentFor(url, pinned) ?? false,
      lookup: createPinnedLookup(pinned),
    });
    let settled = false;
    let reusable = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (!reusable) request.destroy();
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
      interpretResponse(response, url, settings)
        .then(async (hop) => {
          if (settings.connections !== undefined && response.statusCode === 304) await untilEnd(response);
          // Read to its end: the socket goes back to the agent for the next fetch of this host.
          reusable = settings.connections !== undefined && hop.kind === 'final' && response.complete;
          settle(() => resolve(hop));
        })
        .catch(fail);
    });
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
