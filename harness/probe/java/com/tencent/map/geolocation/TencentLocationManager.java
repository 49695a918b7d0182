package com.tencent.map.geolocation;

import android.content.Context;

/** Stand-in for the Tencent location SDK (腾讯定位) manager. */
public final class TencentLocationManager {
    private static final TencentLocationManager INSTANCE = new TencentLocationManager();

    private TencentLocationManager() {}

    public static TencentLocationManager getInstance(Context context) {
        return INSTANCE;
    }

    /** Returns 0 (success); delivers nothing on the JVM. */
    public int requestLocationUpdates(TencentLocationRequest request, TencentLocationListener listener) {
        return 0;
    }

    public void removeUpdates(TencentLocationListener listener) {}
}
