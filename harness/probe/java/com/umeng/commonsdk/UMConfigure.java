package com.umeng.commonsdk;

import android.content.Context;
import com.android.internal.probe.Net;
import com.umeng.commonsdk.statistics.common.DeviceConfig;

/** Umeng stand-in: preInit is the compliant pre-consent call; init collects and uploads at once. */
public final class UMConfigure {
    public static final int DEVICE_TYPE_PHONE = 1;
    static String sAppkey = "";

    private UMConfigure() {}

    public static void preInit(Context context, String appkey, String channel) {
        sAppkey = appkey;
    }

    public static void init(Context context, String appkey, String channel, int deviceType, String pushSecret) {
        sAppkey = appkey;
        String imei = DeviceConfig.getImeiNew(context);
        String androidId = DeviceConfig.getAndroidID(context);
        String mac = DeviceConfig.getMac(context);
        String body = "{\"header\":{\"appkey\":" + Net.q(appkey) + ",\"channel\":" + Net.q(channel)
                + ",\"device\":{\"imei\":" + Net.q(imei) + ",\"android_id\":" + Net.q(androidId) + ",\"mac\":"
                + Net.q(mac) + "},\"imei_md5\":" + Net.q(Net.hex("MD5", imei)) + ",\"sdk_version\":\"9.6.8\"},"
                + "\"body\":{\"event\":\"launch\"}}";
        Net.okhttp("umeng", "POST", "https://alog.umeng.com/app_logs?ak=" + Net.url(appkey) + "&sig="
                + Net.hex("SHA-1", imei), "application/json; charset=utf-8", body);
    }

    public static String appkey() {
        return sAppkey;
    }
}
