// Test-only agent: exposes the agent's own record filter over RPC, so the Python twin is checked against it.
import { compile } from "../../../harness/agent/src/filter.js";

rpc.exports = {
  check(spec: any, app: string[], values: (string | null)[]): boolean[] {
    const m = compile(spec, app);
    return values.map((v) => m(v));
  },
};
