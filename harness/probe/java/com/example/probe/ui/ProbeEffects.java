package com.example.probe.ui;

import android.app.Activity;
import android.provider.Settings;
import androidx.core.app.ActivityCompat;
import com.android.internal.probe.Net;
import com.android.internal.probe.ValuesLog;
import com.google.android.gms.ads.AdRequest;
import com.google.android.gms.ads.AdView;
import com.umeng.analytics.MobclickAgent;
import java.util.function.Supplier;

/**
 * What the extra screens make the app do: the recommendation feed with its ad (personalised or
 * not), the end of collection after a withdrawal, and a runtime permission request.
 */
public final class ProbeEffects implements Navigator.Effects {
    static final String API = "https://api.probe.example.com";
    static final int UPLOAD_REQUEST = 200;

    private final Supplier<Activity> activity;

    public ProbeEffects(Supplier<Activity> activity) {
        this.activity = activity;
    }

    /** Personalised: the feed request carries the Android ID and the ad its advertising ID; basic: neither. */
    @Override
    public void refresh(boolean personalised, boolean basicMode) {
        Activity a = activity.get();
        if (basicMode) {
            Net.send("app", "GET", API + "/v1/feed?mode=basic", null, null);
            return;
        }
        if (personalised) {
            String did = Settings.Secure.getString(a.getContentResolver(), Settings.Secure.ANDROID_ID);
            ValuesLog.log("app", "Settings$Secure.getString(android_id)", did);
            Net.send("app", "POST", API + "/v1/recommend", "application/json; charset=utf-8",
                    "{\"personalized\":1}", "X-Device-Id", did);
            MobclickAgent.onEvent(a.getApplicationContext(), "feed_refresh");
        } else {
            Net.send("app", "POST", API + "/v1/recommend", "application/json; charset=utf-8", "{\"personalized\":0}");
        }
        new AdView(a.getApplicationContext()).loadAd(new AdRequest.Builder().setNonPersonalized(!personalised).build());
    }

    /** A working withdrawal: tell the server once, with no identifier, and collect nothing more. */
    @Override
    public void withdrawConsent() {
        Net.send("app", "POST", API + "/v1/consent", "application/json; charset=utf-8", "{\"consent\":\"withdrawn\"}");
    }

    @Override
    public void requestPermission(String permission) {
        ActivityCompat.requestPermissions(activity.get(), new String[] {permission}, UPLOAD_REQUEST);
    }
}
