package android.net;

import android.content.Context;

/** Stand-in for android.net.ConnectivityManager. */
public class ConnectivityManager {
    public static final int TYPE_MOBILE = 0;
    public static final int TYPE_WIFI = 1;

    private final Context mContext;

    public ConnectivityManager(Context context) {
        mContext = context;
    }

    public NetworkInfo getActiveNetworkInfo() {
        return new NetworkInfo();
    }

    public Network getActiveNetwork() {
        return new Network(100);
    }

    public NetworkCapabilities getNetworkCapabilities(Network network) {
        return new NetworkCapabilities();
    }

    public LinkProperties getLinkProperties(Network network) {
        return new LinkProperties();
    }
}
