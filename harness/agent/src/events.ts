// The event buffer: gap-free sequence numbers, batched sends (every flush_ms or batch_size
// events), and a synchronous flush used by the `flush` RPC and the dispose handler so that
// nothing buffered is lost on detach or process exit.
import type { HookEvent } from "./types.js";

let seq = 0;
let buffer: HookEvent[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;
let batchSize = 500;
let flushMs = 50;
let foregroundCount: number | null = null;
let sentSeq = 0;          // last seq handed to send()
let ackedSeq = 0;         // last seq the host says it has written
let maxInFlight = 50000;  // events sent but not yet acknowledged before the app thread waits

export function configure(size: number, ms: number, inFlight: number): void {
  batchSize = Math.max(1, size | 0);
  flushMs = Math.max(1, ms | 0);
  maxInFlight = Math.max(batchSize, inFlight | 0);
  listenForAcks();
}

function onAck(message: { seq?: number }): void {
  ackedSeq = Math.max(ackedSeq, message.seq ?? 0);
}

let pendingAck: { wait(): void } | null = null;   // the one outstanding recv("ack")

function listenForAcks(): void {
  pendingAck = recv("ack", (m: { seq?: number }) => {
    onAck(m);
    listenForAcks();
  });
}

/**
 * Blocks the calling thread until the host acknowledged `upTo`: used on exit (so nothing sent
 * is lost when the process dies with messages still in the transport) and as back-pressure
 * when the host falls far behind. The host acknowledges every events message it wrote.
 */
function waitForAck(upTo: number): void {
  while (ackedSeq < upTo && pendingAck !== null) {
    pendingAck.wait();   // returns once the ack callback ran (it re-arms pendingAck)
  }
}

export function nextSeq(): number {
  return ++seq;
}

export function lastSeq(): number {
  return seq;
}

export function foreground(): boolean | null {
  return foregroundCount === null ? null : foregroundCount > 0;
}

/** Activity.onResume / onPause bookkeeping: null until the first lifecycle hook fires. */
export function moveForeground(direction: "enter" | "exit"): void {
  const n = foregroundCount ?? 0;
  foregroundCount = direction === "enter" ? n + 1 : Math.max(0, n - 1);
}

const stackIds = new Map<string, number>();
let nextStackId = 0;
const MAX_STACKS = 20000;

/** Interns the stack: its text travels once, later events with the same stack carry only `sid`. */
function internStack(event: HookEvent): void {
  const text = event.stack;
  if (text === undefined || text === null) return;
  const known = stackIds.get(text);
  if (known !== undefined) {
    event.sid = known;
    delete event.stack;
    return;
  }
  if (stackIds.size >= MAX_STACKS) stackIds.clear();   // ids keep growing: the host map stays valid
  event.sid = ++nextStackId;
  stackIds.set(text, event.sid);
}

export function push(event: HookEvent): void {
  internStack(event);
  buffer.push(event);
  if (buffer.length >= batchSize) {
    flush();
  } else if (timer === null) {
    timer = setTimeout(onTimer, flushMs);
  }
}

function onTimer(): void {
  timer = null;
  flush();
}

/** Sends everything buffered now; returns the last sequence number handed out. */
export function flush(): number {
  if (timer !== null) {
    clearTimeout(timer);
    timer = null;
  }
  if (buffer.length > 0) {
    const events = buffer;
    buffer = [];
    send({ type: "events", events });
    sentSeq = events[events.length - 1].seq;
    if (sentSeq - ackedSeq > maxInFlight) waitForAck(sentSeq - maxInFlight / 2);
  }
  return seq;
}

/** Flush and wait until the host has everything (dispose on process exit). */
export function flushAndDrain(): number {
  flush();
  if (sentSeq > ackedSeq) waitForAck(sentSeq);
  return seq;
}

export function diag(status: string, hookId: string | null, reason: string | null, detail?: unknown): void {
  send({ type: "agent", status, hook_id: hookId, reason, detail: detail ?? null, time: Date.now() });
}
