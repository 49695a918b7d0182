package com.example.probe;

import android.content.Context;
import android.telephony.TelephonyManager;
import com.android.internal.probe.ValuesLog;

/** n hooked calls in a tight loop from app code (agent burst test and benchmark). */
final class Burst {
    private Burst() {}

    static long run(Context context, int n) {
        TelephonyManager tm = (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
        String last = null;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            last = tm.getDeviceId();
        }
        long elapsed = System.nanoTime() - start;
        ValuesLog.log("app", "burst(" + n + ") TelephonyManager.getDeviceId()", last);
        return elapsed;
    }
}
