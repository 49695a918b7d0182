package com.coolpad.deviceidsupport;

import com.android.internal.probe.DeviceState;

/** Stand-in for Coolpad's device id AIDL (bound as com.coolpad.deviceidsupport/.DeviceIdService). */
public interface IDeviceIdManager {
    String getOAID(String packageName);

    /** Stand-in for the AIDL stub. */
    abstract class Stub implements IDeviceIdManager {
        public Stub() {}

        public static IDeviceIdManager asInterface(Object binder) {
            return new Proxy();
        }

        /** Stand-in for the AIDL client proxy. */
        public static class Proxy implements IDeviceIdManager {
            public Proxy() {}

            @Override
            public String getOAID(String packageName) {
                return DeviceState.get("oaid");
            }
        }
    }
}
