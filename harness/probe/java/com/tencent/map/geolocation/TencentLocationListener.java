package com.tencent.map.geolocation;

/** Stand-in for the Tencent location SDK's listener (no callbacks on the JVM). */
public interface TencentLocationListener {
    void onStatusUpdate(String name, int status, String desc);
}
