package android.net.wifi;

import android.content.Context;
import android.net.DhcpInfo;
import com.android.internal.probe.DeviceState;
import java.util.ArrayList;
import java.util.List;

/** Stand-in for android.net.wifi.WifiManager. */
public class WifiManager {
    public static final int WIFI_STATE_ENABLED = 3;

    private final Context mContext;

    public WifiManager(Context context) {
        mContext = context;
    }

    public WifiInfo getConnectionInfo() {
        return new WifiInfo();
    }

    public List<ScanResult> getScanResults() {
        List<ScanResult> out = new ArrayList<>();
        out.add(new ScanResult(DeviceState.get("ssid"), DeviceState.get("bssid"), -52, 5180));
        out.add(new ScanResult("CMCC-Probe-Neighbour", "a4:1b:c0:77:58:e2", -71, 2437));
        out.add(new ScanResult("ChinaNet-7xQ2", "d8:32:14:09:6e:51", -80, 2462));
        return out;
    }

    public int getWifiState() {
        return WIFI_STATE_ENABLED;
    }

    public List<WifiConfiguration> getConfiguredNetworks() {
        WifiConfiguration c = new WifiConfiguration();
        c.networkId = 3;
        c.SSID = "\"" + DeviceState.get("ssid") + "\"";
        c.BSSID = DeviceState.get("bssid");
        List<WifiConfiguration> out = new ArrayList<>();
        out.add(c);
        return out;
    }

    public boolean startScan() {
        return true;
    }

    public DhcpInfo getDhcpInfo() {
        DhcpInfo d = new DhcpInfo();
        d.ipAddress = new WifiInfo().getIpAddressUnhooked();
        d.gateway = 1 << 24 | 31 << 16 | 168 << 8 | 192;
        d.netmask = 0x00ffffff;
        d.dns1 = d.gateway;
        d.serverAddress = d.gateway;
        d.leaseDuration = 7200;
        return d;
    }
}
