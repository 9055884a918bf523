/**
 * A pass that never overlaps itself: `poke()` runs it now, or once more right after the one under
 * way (however many pokes came meanwhile). Errors are the pass's own to handle.
 */
export function serialPass(pass: () => Promise<void>): { poke: () => void; idle: () => Promise<void> } {
  let running: Promise<void> | undefined;
  let again = false;
  const poke = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = pass().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        poke();
      }
    });
  };
  return {
    poke,
    idle: async () => {
      while (running) await running;
    },
  };
}
