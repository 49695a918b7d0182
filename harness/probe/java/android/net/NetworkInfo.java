package android.net;

import com.android.internal.probe.DeviceState;

/** Stand-in for the (deprecated) android.net.NetworkInfo: Wi-Fi, connected. */
public class NetworkInfo {
    NetworkInfo() {}

    public int getType() {
        return ConnectivityManager.TYPE_WIFI;
    }

    public String getTypeName() {
        return "WIFI";
    }

    /** On Wi-Fi this is the quoted SSID. */
    public String getExtraInfo() {
        return "\"" + DeviceState.get("ssid") + "\"";
    }

    public boolean isConnected() {
        return true;
    }

    public boolean isAvailable() {
        return true;
    }

    @Override
    public String toString() {
        return "[type: WIFI[], state: CONNECTED/CONNECTED, reason: (unspecified), extra: (none), failover: false, available: true, roaming: false]";
    }
}
