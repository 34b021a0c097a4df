/**
 * Counts the turns of the event loop (immediates run) from now until the returned function is called, which stops
 * counting and gives the count: a task that never yields lets none happen.
 */
export function countTurns(): () => number {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  return () => {
    running = false;
    return turns;
  };
}
