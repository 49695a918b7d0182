// Benchmark baseline only (bench/bench_agent.py): the per-call send() style of camille and
// similar tools — every hooked call captures its stack and is sent at once, no batching.
// `stack: "bridge"` takes the stack through frida-java-bridge wrappers as those tools do,
// `stack: "jni"` with the harness agent's raw JNI path (isolates the cost of send()).
import Java from "frida-java-bridge";
import { initStacks, javaStack } from "./stack.js";

rpc.exports = {
  init(cls: string, method: string, stack: "bridge" | "jni"): number {
    let n = 0;
    Java.perform(() => {
      initStacks();
      const Thread = Java.use("java.lang.Thread");
      Java.use(cls)[method].overloads.forEach((o: any) => {
        o.implementation = function (this: any, ...args: any[]) {
          const ret = o.apply(this, args);
          const frames = stack === "jni" ? javaStack()
            : Thread.currentThread().getStackTrace().map((f: any) => f.toString());
          send({ type: "call", api: `${cls}.${method}`, ret: String(ret), stack: frames, time: Date.now() });
          return ret;
        };
        n++;
      });
    });
    return n;
  },
};
