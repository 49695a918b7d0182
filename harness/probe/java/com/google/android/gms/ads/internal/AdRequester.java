package com.google.android.gms.ads.internal;

import android.content.Context;
import com.android.internal.probe.Net;
import com.android.internal.probe.ValuesLog;
import com.google.android.gms.ads.identifier.AdvertisingIdClient;
import java.io.IOException;

/** Google Mobile Ads stand-in: reads the GAID and asks for an ad through OkHttp (HTTP/2 by ALPN). */
public final class AdRequester {
    private AdRequester() {}

    public static void requestAd(Context context) {
        // Like the real SDK: read the CMP's TCF signals from the default SharedPreferences first.
        android.content.SharedPreferences prefs = android.preference.PreferenceManager.getDefaultSharedPreferences(context);
        int gdprApplies = prefs.getInt("IABTCF_gdprApplies", -1);
        String tcString = prefs.getString("IABTCF_TCString", null);
        ValuesLog.log("google_ads", "SharedPreferences.getInt(IABTCF_gdprApplies)", gdprApplies);
        ValuesLog.log("google_ads", "SharedPreferences.getString(IABTCF_TCString)", tcString);
        String gaid;
        boolean lat;
        try {
            AdvertisingIdClient.Info info = AdvertisingIdClient.getAdvertisingIdInfo(context);
            gaid = info.getId();
            lat = info.isLimitAdTrackingEnabled();
        } catch (IOException e) {
            return;
        }
        ValuesLog.log("google_ads", "AdvertisingIdClient$Info.getId()", gaid);
        Net.okhttp("google_ads", "GET", "https://googleads.g.doubleclick.net/mads/gma?rdid=" + Net.url(gaid)
                + "&is_lat=" + (lat ? 1 : 0) + "&msid=" + Net.url(context.getPackageName()) + "&format=320x50_mb",
                null, null);
    }
}
