package com.android.id.impl;

import android.content.Context;
import com.android.internal.probe.DeviceState;

/** Stand-in for Xiaomi's system id provider (MIUI), reached by SDKs through reflection. */
public class IdProviderImpl {
    public IdProviderImpl() {}

    public String getUDID(Context context) {
        return "7b1e0c4f9a2d5e83b6c0d1f2a3e4b5c6d7e8f9012a3b4c5d6e7f8091a2b3c4d5";
    }

    public String getOAID(Context context) {
        return DeviceState.get("oaid");
    }

    public String getVAID(Context context) {
        return DeviceState.get("vaid");
    }

    public String getAAID(Context context) {
        return DeviceState.get("aaid");
    }
}
