package com.amap.api.location;

import android.content.Context;

/** Stand-in for the AMap (高德) location SDK client: starts and stops, delivers nothing on the JVM. */
public class AMapLocationClient {
    private boolean mStarted;

    public AMapLocationClient(Context context) {}

    public void startLocation() {
        mStarted = true;
    }

    public void stopLocation() {
        mStarted = false;
    }

    public boolean isStarted() {
        return mStarted;
    }
}
