package android.net;

/** Stand-in for android.net.DhcpInfo (little-endian ints, toString as Android's). */
public class DhcpInfo {
    public int ipAddress;
    public int gateway;
    public int netmask;
    public int dns1;
    public int dns2;
    public int serverAddress;
    public int leaseDuration;

    public DhcpInfo() {}

    private static String ip(int a) {
        return (a & 0xff) + "." + (a >> 8 & 0xff) + "." + (a >> 16 & 0xff) + "." + (a >>> 24);
    }

    @Override
    public String toString() {
        return "ipaddr " + ip(ipAddress) + " gateway " + ip(gateway) + " netmask " + ip(netmask) + " dns1 " + ip(dns1)
                + " dns2 " + ip(dns2) + " DHCP server " + ip(serverAddress) + " lease " + leaseDuration + " seconds";
    }
}
