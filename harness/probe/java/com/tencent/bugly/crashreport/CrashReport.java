package com.tencent.bugly.crashreport;

import android.content.Context;
import android.os.Build;
import com.android.internal.probe.Net;
import com.tencent.bugly.crashreport.common.info.DeviceInfo;

/** Bugly stand-in: initCrashReport reads the Android ID and registers the device (form body). */
public final class CrashReport {
    private CrashReport() {}

    public static void initCrashReport(Context context, String appId, boolean isDebug) {
        String androidId = DeviceInfo.getAndroidId(context);
        // crash context Bugly keeps per report: carrier and network type
        android.telephony.TelephonyManager tm =
                (android.telephony.TelephonyManager) context.getSystemService(Context.TELEPHONY_SERVICE);
        com.android.internal.probe.ValuesLog.log("bugly", "TelephonyManager.getNetworkOperatorName()",
                tm.getNetworkOperatorName());
        android.net.ConnectivityManager cm =
                (android.net.ConnectivityManager) context.getSystemService(Context.CONNECTIVITY_SERVICE);
        com.android.internal.probe.ValuesLog.log("bugly", "ConnectivityManager.getActiveNetworkInfo()",
                cm.getActiveNetworkInfo());
        String body = "appId=" + Net.url(appId) + "&deviceId=" + Net.url(androidId) + "&model="
                + Net.url(Build.MODEL) + "&brand=" + Net.url(Build.BRAND) + "&sdkVer=4.1.9";
        Net.send("bugly", "POST", "https://android.bugly.qq.com/rqd/async?aid=" + Net.url(appId),
                "application/x-www-form-urlencoded", body);
    }
}
