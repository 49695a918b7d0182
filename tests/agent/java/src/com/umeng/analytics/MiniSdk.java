package com.umeng.analytics;

import android.content.ContentResolver;
import android.provider.Settings;
import android.telephony.TelephonyManager;

/** Stand-in SDK code under Umeng's package prefix. */
public final class MiniSdk {
    public static String collect() {
        TelephonyManager tm = new TelephonyManager();
        return tm.getDeviceId() + "|" + Settings.Secure.getString(new ContentResolver(), "android_id");
    }
}
