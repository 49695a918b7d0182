package com.zui.deviceidservice;

import com.android.internal.probe.DeviceState;

/** Stand-in for Lenovo/ZUI's device id AIDL. */
public interface IDeviceidInterface {
    String getOAID();

    /** Stand-in for the AIDL stub. */
    abstract class Stub implements IDeviceidInterface {
        public Stub() {}

        public static IDeviceidInterface asInterface(Object binder) {
            return new Proxy();
        }

        /** Stand-in for the AIDL client proxy. */
        public static class Proxy implements IDeviceidInterface {
            public Proxy() {}

            @Override
            public String getOAID() {
                return DeviceState.get("oaid");
            }
        }
    }
}
