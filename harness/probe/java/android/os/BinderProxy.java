package android.os;

import com.android.internal.probe.DeviceState;

/**
 * Stand-in for android.os.BinderProxy, the client end of a bound service: transact() reads the
 * interface token and answers the identifier services the probe's device offers (GAID, Huawei OAID).
 */
public final class BinderProxy implements IBinder {
    static final String GAID = "com.google.android.gms.ads.identifier.internal.IAdvertisingIdService";
    static final String HUAWEI_OAID = "com.uodis.opendevice.aidl.OpenDeviceIdentifierService";

    private final String mService;

    public BinderProxy(String service) {
        mService = service;
    }

    @Override
    public boolean transact(int code, Parcel data, Parcel reply, int flags) {
        data.setDataPosition(0);
        String token = data.readString();
        if (reply == null || token == null || code != FIRST_CALL_TRANSACTION) {
            return false;
        }
        if (token.equals(GAID)) {
            reply.writeNoException();
            reply.writeString(DeviceState.get("gaid"));
            return true;
        }
        if (token.equals(HUAWEI_OAID)) {
            reply.writeNoException();
            reply.writeString(DeviceState.get("oaid"));
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "BinderProxy{" + mService + "}";
    }
}
