package com.samsung.android.deviceidservice;

import com.android.internal.probe.DeviceState;

/** Stand-in for Samsung's device id service AIDL interface; $Stub$Proxy is what SDKs call. */
public interface IDeviceIdService {
    String getOAID();

    String getVAID(String packageName);

    String getAAID(String packageName);

    /** Stand-in for the AIDL stub. */
    abstract class Stub implements IDeviceIdService {
        public Stub() {}

        public static IDeviceIdService asInterface(Object binder) {
            return new Proxy();
        }

        /** Stand-in for the AIDL client proxy (the class that does the binder call). */
        public static class Proxy implements IDeviceIdService {
            public Proxy() {}

            @Override
            public String getOAID() {
                return DeviceState.get("oaid");
            }

            @Override
            public String getVAID(String packageName) {
                return DeviceState.get("vaid");
            }

            @Override
            public String getAAID(String packageName) {
                return DeviceState.get("aaid");
            }
        }
    }
}
