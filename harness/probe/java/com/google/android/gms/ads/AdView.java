package com.google.android.gms.ads;

import android.content.Context;
import com.android.internal.probe.Net;
import com.android.internal.probe.ValuesLog;
import com.google.android.gms.ads.identifier.AdvertisingIdClient;
import java.io.IOException;

/**
 * Stand-in for a Google Mobile Ads banner: a personalised request carries the advertising ID
 * (rdid); a non-personalised one (npa=1) carries none, which is what a working 个性化广告 switch
 * must change in the traffic.
 */
public final class AdView {
    private final Context context;

    public AdView(Context context) {
        this.context = context;
    }

    public void loadAd(AdRequest request) {
        String url = "https://googleads.g.doubleclick.net/mads/gma?format=320x50_mb&msid="
                + Net.url(context.getPackageName());
        if (request.nonPersonalized) {
            Net.okhttp("google_ads", "GET", url + "&npa=1", null, null);
            return;
        }
        String gaid;
        try {
            gaid = AdvertisingIdClient.getAdvertisingIdInfo(context).getId();
        } catch (IOException e) {
            return;
        }
        ValuesLog.log("google_ads", "AdvertisingIdClient$Info.getId()", gaid);
        Net.okhttp("google_ads", "GET", url + "&rdid=" + Net.url(gaid) + "&npa=0", null, null);
    }
}
