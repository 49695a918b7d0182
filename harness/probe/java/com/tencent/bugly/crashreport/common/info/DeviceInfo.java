package com.tencent.bugly.crashreport.common.info;

import android.content.Context;
import android.provider.Settings;
import com.android.internal.probe.ValuesLog;

/** Bugly stand-in: the device-info reader. */
public final class DeviceInfo {
    private DeviceInfo() {}

    public static String getAndroidId(Context context) {
        String id = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        ValuesLog.log("bugly", "Settings$Secure.getString(android_id)", id);
        return id;
    }
}
