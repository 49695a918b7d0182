package android.net.wifi;

/** Stand-in for the (deprecated) android.net.wifi.WifiConfiguration. */
public class WifiConfiguration {
    public int networkId;
    public String SSID;
    public String BSSID;

    public WifiConfiguration() {}

    @Override
    public String toString() {
        return "ID: " + networkId + " SSID: " + SSID + " BSSID: " + BSSID;
    }
}
