package com.example.probe;

import android.content.Context;
import android.telephony.TelephonyManager;
import com.android.internal.probe.ValuesLog;

/** n hooked calls in a tight loop from app code (agent burst test and benchmark). */
final class Burst {
    private Burst() {}

    static long run(Context context, int n) {
        return run(context, n, false);
    }

    /** imei: getImei() instead, which AOSP delegates to getImei(int): n app calls, 2n hooked methods entered. */
    static long run(Context context, int n, boolean imei) {
        TelephonyManager tm = (TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
        String last = null;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            last = imei ? tm.getImei() : tm.getDeviceId();
        }
        long elapsed = System.nanoTime() - start;
        ValuesLog.log("app", "burst(" + n + ") TelephonyManager." + (imei ? "getImei()" : "getDeviceId()"), last);
        return elapsed;
    }
}
