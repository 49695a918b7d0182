package com.asus.msa.SupplementaryDID;

import com.android.internal.probe.DeviceState;

/** Stand-in for ASUS's supplementary device id AIDL. */
public interface IDidAidlInterface {
    String getOAID();

    /** Stand-in for the AIDL stub. */
    abstract class Stub implements IDidAidlInterface {
        public Stub() {}

        public static IDidAidlInterface asInterface(Object binder) {
            return new Proxy();
        }

        /** Stand-in for the AIDL client proxy. */
        public static class Proxy implements IDidAidlInterface {
            public Proxy() {}

            @Override
            public String getOAID() {
                return DeviceState.get("oaid");
            }
        }
    }
}
