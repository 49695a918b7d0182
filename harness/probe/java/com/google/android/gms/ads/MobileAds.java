package com.google.android.gms.ads;

import android.content.Context;
import com.google.android.gms.ads.internal.AdRequester;

/** Google Mobile Ads stand-in entry point. */
public final class MobileAds {
    private MobileAds() {}

    public static void initialize(Context context) {
        AdRequester.requestAd(context);
    }
}
