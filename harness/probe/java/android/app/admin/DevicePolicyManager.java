package android.app.admin;

import android.content.ComponentName;
import android.content.Context;
import com.android.internal.probe.DeviceState;

/** Stand-in for android.app.admin.DevicePolicyManager (device-owner MAC read). */
public class DevicePolicyManager {
    private final Context mContext;

    public DevicePolicyManager(Context context) {
        mContext = context;
    }

    public String getWifiMacAddress(ComponentName admin) {
        return DeviceState.get("wifi_mac");
    }
}
