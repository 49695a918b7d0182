package android.net.wifi;

import com.android.internal.probe.DeviceState;

/** Stand-in for android.net.wifi.WifiInfo. */
public class WifiInfo {
    WifiInfo() {}

    public String getMacAddress() {
        return DeviceState.get("wifi_mac");
    }

    /** Quoted, as Android returns it for UTF-8 SSIDs. */
    public String getSSID() {
        return "\"" + DeviceState.get("ssid") + "\"";
    }

    public String getBSSID() {
        return DeviceState.get("bssid");
    }

    /** Little-endian int like Android's. */
    public int getIpAddress() {
        return getIpAddressUnhooked();
    }

    /** Not an Android API: lets other stand-ins read the address without calling a hooked method. */
    int getIpAddressUnhooked() {
        String[] p = DeviceState.get("ip").split("\\.");
        return Integer.parseInt(p[0]) | Integer.parseInt(p[1]) << 8 | Integer.parseInt(p[2]) << 16
                | Integer.parseInt(p[3]) << 24;
    }

    public int getNetworkId() {
        return 3;
    }

    public int getRssi() {
        return -52;
    }

    @Override
    public String toString() {
        return "SSID: \"" + DeviceState.get("ssid") + "\", BSSID: " + DeviceState.get("bssid") + ", MAC: "
                + DeviceState.get("wifi_mac") + ", IP: /" + DeviceState.get("ip") + ", RSSI: -52";
    }
}
