package com.android.internal.probe;

import java.io.PrintStream;

/**
 * Every value app or SDK code received from a stand-in, one line each, so a test can prove the
 * app's output is byte-identical with and without hooks. Network outcomes never go here.
 */
public final class ValuesLog {
    private static PrintStream out;

    private ValuesLog() {}

    public static synchronized void open(PrintStream stream) {
        out = stream;
    }

    public static synchronized void log(String actor, String api, Object value) {
        if (out == null) {
            return;
        }
        out.print("V\t" + actor + "\t" + api + "\t" + escape(String.valueOf(value)) + "\n");
        out.flush();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
