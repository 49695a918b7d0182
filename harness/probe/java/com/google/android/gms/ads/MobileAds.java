package com.google.android.gms.ads;

import android.content.Context;
import com.google.android.gms.ads.internal.AdRequester;

/** Google Mobile Ads stand-in entry point. */
public final class MobileAds {
    private MobileAds() {}

    /** Reads the ad identifiers the SDK keeps with the GAID (App Set id, Privacy Sandbox topics), then asks for an ad. */
    public static void initialize(Context context) {
        String appSetId = com.google.android.gms.appset.AppSet.getClient(context).getAppSetIdInfo().getResult().getId();
        com.android.internal.probe.ValuesLog.log("google_ads", "AppSetIdInfo.getId()", appSetId);
        android.adservices.topics.TopicsManager.get(context).getTopics(
                new android.adservices.topics.GetTopicsRequest.Builder().setAdsSdkName("com.google.android.gms.ads").build(),
                Runnable::run, r -> com.android.internal.probe.ValuesLog.log("google_ads", "TopicsManager.getTopics(...)",
                        r.getTopics()));
        AdRequester.requestAd(context);
    }
}
