package com.baidu.location;

import android.content.Context;

/** Stand-in for the Baidu location SDK client: starts and stops, delivers nothing on the JVM. */
public final class LocationClient {
    private boolean mStarted;

    public LocationClient(Context context) {}

    public void start() {
        mStarted = true;
    }

    public void stop() {
        mStarted = false;
    }

    public boolean isStarted() {
        return mStarted;
    }
}
