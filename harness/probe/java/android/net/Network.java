package android.net;

/** Stand-in for android.net.Network. */
public class Network {
    private final int mNetId;

    Network(int netId) {
        mNetId = netId;
    }

    @Override
    public String toString() {
        return Integer.toString(mNetId);
    }
}
