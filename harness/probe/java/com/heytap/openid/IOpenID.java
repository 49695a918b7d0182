package com.heytap.openid;

import com.android.internal.probe.DeviceState;

/** Stand-in for OPPO/OnePlus (HeyTap) IOpenID AIDL: getSerID(pkg, sign, "OUID"|"DUID"|"AUID"). */
public interface IOpenID {
    String getSerID(String packageName, String signatureSha1, String type);

    /** Stand-in for the AIDL stub. */
    abstract class Stub implements IOpenID {
        public Stub() {}

        public static IOpenID asInterface(Object binder) {
            return new Proxy();
        }

        /** Stand-in for the AIDL client proxy. */
        public static class Proxy implements IOpenID {
            public Proxy() {}

            @Override
            public String getSerID(String packageName, String signatureSha1, String type) {
                return switch (type) {
                    case "OUID" -> DeviceState.get("oaid");
                    case "DUID" -> DeviceState.get("vaid");
                    default -> DeviceState.get("aaid");
                };
            }
        }
    }
}
