package android.net;

import com.android.internal.probe.DeviceState;

/** Stand-in for android.net.LinkProperties (interface name, addresses, DNS). */
public final class LinkProperties {
    LinkProperties() {}

    public String getInterfaceName() {
        return "wlan0";
    }

    @Override
    public String toString() {
        return "{InterfaceName: wlan0 LinkAddresses: [ " + DeviceState.get("ip") + "/24 ] DnsAddresses: [ /192.168.31.1 ] Domains: null MTU: 1500}";
    }
}
