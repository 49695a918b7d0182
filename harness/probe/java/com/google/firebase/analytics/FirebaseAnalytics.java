package com.google.firebase.analytics;

import android.content.Context;
import java.util.EnumMap;
import java.util.Map;

/**
 * Firebase Analytics stand-in, the Consent Mode v2 surface only: setConsent(Map&lt;ConsentType, ConsentStatus&gt;)
 * with Google's four consent types. The app calls it when the user chooses; the consent-signals hooks
 * record the map (its toString, e.g. {AD_STORAGE=GRANTED, ...}).
 */
public final class FirebaseAnalytics {
    private static FirebaseAnalytics sInstance;
    private final Map<ConsentType, ConsentStatus> mConsent = new EnumMap<>(ConsentType.class);

    private FirebaseAnalytics() {}

    public static synchronized FirebaseAnalytics getInstance(Context context) {
        if (sInstance == null) {
            sInstance = new FirebaseAnalytics();
        }
        return sInstance;
    }

    public void setConsent(Map<ConsentType, ConsentStatus> consentSettings) {
        synchronized (mConsent) {
            mConsent.putAll(consentSettings);
        }
    }

    /** Stand-in for FirebaseAnalytics$ConsentType. */
    public enum ConsentType { AD_STORAGE, ANALYTICS_STORAGE, AD_USER_DATA, AD_PERSONALIZATION }

    /** Stand-in for FirebaseAnalytics$ConsentStatus. */
    public enum ConsentStatus { GRANTED, DENIED }
}
