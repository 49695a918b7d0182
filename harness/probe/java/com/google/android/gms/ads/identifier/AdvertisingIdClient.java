package com.google.android.gms.ads.identifier;

import android.content.Context;
import com.android.internal.probe.DeviceState;
import java.io.IOException;

/** Stand-in for Google Play services' AdvertisingIdClient (GAID). */
public class AdvertisingIdClient {
    public AdvertisingIdClient(Context context) {}

    public static Info getAdvertisingIdInfo(Context context) throws IOException {
        return new Info(DeviceState.get("gaid"), false);
    }

    /** Stand-in for AdvertisingIdClient$Info; toString as Google's: "{id}limitAdTracking". */
    public static final class Info {
        private final String mAdvertisingId;
        private final boolean mLimitAdTrackingEnabled;

        public Info(String advertisingId, boolean limitAdTrackingEnabled) {
            mAdvertisingId = advertisingId;
            mLimitAdTrackingEnabled = limitAdTrackingEnabled;
        }

        public String getId() {
            return mAdvertisingId;
        }

        public boolean isLimitAdTrackingEnabled() {
            return mLimitAdTrackingEnabled;
        }

        @Override
        public String toString() {
            return "{" + mAdvertisingId + "}" + mLimitAdTrackingEnabled;
        }
    }
}
