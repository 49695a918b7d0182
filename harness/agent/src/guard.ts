// One event per app call. AOSP delegates between the overloads and methods the catalogue hooks
// (getImei() -> getImei(int), ContentResolver.query 5-arg -> 6-arg -> Bundle, fopen -> open):
// a call reached from inside a recorded call of the same hook group on the same thread is the
// app's one call seen again, so only the outermost is recorded (with the app's arguments and
// the result the app got). The guard only decides recording; the original always runs.
const active = new Map<string, Set<number>>();
let enabled = true;

/** `false` only for the benchmark's side-by-side baseline. */
export function setEnabled(on: boolean): void {
  enabled = on;
}

/** The set of threads currently inside a recorded call of `group`. */
export function threadsIn(group: string): Set<number> {
  let s = active.get(group);
  if (s === undefined) {
    s = new Set<number>();
    active.set(group, s);
  }
  return s;
}

/** Marks `tid` inside a recorded call of the group's set; returns whether it did (so leave() undoes only that). */
export function enter(s: Set<number>, tid: number): boolean {
  if (!enabled) return false;
  s.add(tid);
  return true;
}
