package android.os;

import com.android.internal.probe.DeviceState;

/**
 * Stand-in for android.os.BinderProxy, the client end of a bound service: transact(code, data,
 * reply, flags) as in AOSP core/java/android/os/BinderProxy.java; here the "remote" side is
 * local: it reads the interface token and answers the identifier services the probe's device
 * offers (GAID, Huawei OAID), writing no-exception + the id into the reply.
 */
public final class BinderProxy implements IBinder {
    static final String GAID = "com.google.android.gms.ads.identifier.internal.IAdvertisingIdService";
    static final String HUAWEI_OAID = "com.uodis.opendevice.aidl.OpenDeviceIdentifierService";

    private final String mService;

    public BinderProxy(String service) {
        mService = service;
    }

    /** The service side: reads the request from the start (enforceInterface), answers getId / getOaid. */
    @Override
    public boolean transact(int code, Parcel data, Parcel reply, int flags) {
        int pos = data.dataPosition();
        data.setDataPosition(0);
        data.readInt();
        data.readInt();
        data.readInt();
        String token = data.readString();
        data.setDataPosition(pos);
        if (reply == null || token == null || code != FIRST_CALL_TRANSACTION) {
            return false;
        }
        String id = token.equals(GAID) ? DeviceState.get("gaid") : token.equals(HUAWEI_OAID) ? DeviceState.get("oaid") : null;
        if (id == null) {
            return false;
        }
        reply.writeNoException();
        reply.writeString(id);
        reply.setDataPosition(0);   // the driver hands the reply back positioned at its start
        return true;
    }

    @Override
    public String toString() {
        return "BinderProxy{" + mService + "}";
    }
}
