package com.umeng.analytics;

import android.content.Context;
import com.android.internal.probe.Net;
import com.umeng.commonsdk.UMConfigure;
import com.umeng.commonsdk.statistics.common.DeviceConfig;

/** Umeng analytics stand-in: every event carries the device's OAID and (base64) Android ID, sent through OkHttp. */
public final class MobclickAgent {
    private MobclickAgent() {}

    public static void onEvent(Context context, String eventId) {
        String androidId = DeviceConfig.getAndroidID(context);
        String oaid = DeviceConfig.getOaid(context);
        String body = "{\"header\":{\"appkey\":" + Net.q(UMConfigure.appkey()) + ",\"device\":{\"oaid\":"
                + Net.q(oaid) + ",\"aid_b64\":" + Net.q(Net.b64(androidId)) + "}},\"body\":{\"event\":"
                + Net.q(eventId) + "}}";
        Net.okhttp("umeng", "POST", "https://alog.umeng.com/app_logs", "application/json; charset=utf-8", body);
    }
}
