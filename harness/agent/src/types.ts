// Shapes of the init spec (built by harness/agent/catalogue.py Catalogue.to_spec) and of messages.

export interface Capture { return: boolean; args: number[]; out_args: number[]; }

export interface Filter {
  arg: number; equals: string[]; prefix: string[]; glob: string[]; authority: string[];
  interface_token: string[];   // the argument is a Parcel: match its AIDL interface descriptor
  other_package: boolean;
  any_bit: number;         // OR of bits: an int argument with any of them set matches (0 = none)
}

export interface Entry {
  id: string;
  kind: "java" | "native" | "snapshot";
  class: string | null;
  method: string | null;
  overloads: "all" | string[][];
  module: string | null;
  symbol: string | null;
  native_args: string[];
  fields: string[];
  data_type: string | null;
  event: string;
  capture: Capture;
  filter: Filter | null;
  foreground: "enter" | "exit" | null;
  group: string;           // hook group: nested calls within it on one thread are one app call
  concrete_from: string | null;   // factory entry id: hook this method on the class of what it returns
}

export interface Spec {
  entries: Entry[];
  app_packages: string[];
  batch_size: number;
  flush_ms: number;
  tls_ca_pem: string | null;
  sockets?: { proxy: [string, number][] } | null;   // socket census on, with the proxy's endpoints
  retry_ms?: number;
  max_in_flight?: number;
  nest_guard?: boolean;    // false only for the benchmark baseline
}

/** One observed call, compact on the wire; the loader expands it into a trace record. */
export interface HookEvent {
  seq: number;
  time: number;            // agent clock, ms (Date.now())
  thread: string;
  hook: string;            // catalogue entry id
  values: Record<string, unknown>;
  stack?: string | null;   // Java stack as Arrays.toString(getStackTrace()): "[f1, f2, ...]", innermost first
  sid?: number;            // stack id: the stack text is sent once per distinct stack, then only its id
  native_stack?: string[];
  fg: boolean | null;
}
