package com.tencent.map.geolocation;

/** Stand-in for the Tencent location SDK's request. */
public final class TencentLocationRequest {
    private long mInterval = 10_000L;

    private TencentLocationRequest() {}

    public static TencentLocationRequest create() {
        return new TencentLocationRequest();
    }

    public TencentLocationRequest setInterval(long interval) {
        mInterval = interval;
        return this;
    }

    public long getInterval() {
        return mInterval;
    }
}
