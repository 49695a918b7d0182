package com.huawei.hms.ads.identifier;

import android.content.Context;
import com.android.internal.probe.DeviceState;
import java.io.IOException;

/** Stand-in for the vendor ads-identifier client (returns the OAID). */
public class AdvertisingIdClient {
    public AdvertisingIdClient() {}

    public static Info getAdvertisingIdInfo(Context context) throws IOException {
        return new Info(DeviceState.get("oaid"), false);
    }

    /** The advertising id and its limit-tracking flag. */
    public static final class Info {
        private final String mId;
        private final boolean mLimited;

        public Info(String id, boolean limited) {
            mId = id;
            mLimited = limited;
        }

        public String getId() {
            return mId;
        }

        public boolean isLimitAdTrackingEnabled() {
            return mLimited;
        }

        @Override
        public String toString() {
            return "{" + mId + "}" + mLimited;
        }
    }
}
