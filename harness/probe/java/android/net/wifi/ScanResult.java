package android.net.wifi;

/** Stand-in for android.net.wifi.ScanResult (public fields as on Android). */
public class ScanResult {
    public String SSID;
    public String BSSID;
    public int level;
    public int frequency;

    public ScanResult() {}

    ScanResult(String ssid, String bssid, int level, int frequency) {
        this.SSID = ssid;
        this.BSSID = bssid;
        this.level = level;
        this.frequency = frequency;
    }

    @Override
    public String toString() {
        return "SSID: " + SSID + ", BSSID: " + BSSID + ", level: " + level + ", frequency: " + frequency;
    }
}
