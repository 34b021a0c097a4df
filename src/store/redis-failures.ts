/**
 * "Redis at … is unreachable (…)" and the like; `lastProblem` is the last connection problem the client reported.
 */
export function describeRedisFailure(error: unknown, location: string, lastProblem: string): string {
  if (isNamed(error, 'ClientOfflineError')) return `Redis at ${location} is unreachable (${lastProblem}); the bot reconnects in the background`;
  if (isNamed(error, 'DisconnectsClientError') || isNamed(error, 'SocketClosedUnexpectedlyError')) {
    return `Redis at ${location} lost the connection (${lastProblem}); the bot reconnects in the background`;
  }
  return `Redis at ${location}: ${error instanceof Error ? error.message : String(error)}`;
}

/** False only for failures raised before the command was queued: the client was offline or closed. */
export function mayHaveBeenSent(error: unknown): boolean {
  return !isNamed(error, 'ClientOfflineError') && !isNamed(error, 'ClientClosedError') && !isErrorReply(error);
}

/** A reply of the server saying the command failed: it ran, and the script writes nothing when it fails. */
function isErrorReply(error: unknown): boolean {
  return isNamed(error, 'ErrorReply') || isNamed(error, 'SimpleError') || isNamed(error, 'BlobError');
}

function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.constructor.name === name;
}
