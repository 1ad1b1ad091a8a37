// A promise opened from outside: lets a test wait for an event (a callback started, a delivery acknowledged)
// instead of sleeping.

/** A gate: `opened` settles once `open()` is called (Promise.withResolvers needs Node 22). */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}
