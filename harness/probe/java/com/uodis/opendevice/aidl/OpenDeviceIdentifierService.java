package com.uodis.opendevice.aidl;

import com.android.internal.probe.DeviceState;

/** Stand-in for Huawei's OpenDeviceIdentifierService AIDL (HMS OAID). */
public interface OpenDeviceIdentifierService {
    String getOaid();

    boolean isOaidTrackLimited();

    /** Stand-in for the AIDL stub. */
    abstract class Stub implements OpenDeviceIdentifierService {
        public Stub() {}

        public static OpenDeviceIdentifierService asInterface(Object binder) {
            return new Proxy();
        }

        /** Stand-in for the AIDL client proxy. */
        public static class Proxy implements OpenDeviceIdentifierService {
            public Proxy() {}

            @Override
            public String getOaid() {
                return DeviceState.get("oaid");
            }

            @Override
            public boolean isOaidTrackLimited() {
                return false;
            }
        }
    }
}
