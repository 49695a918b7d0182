package android.content;

import android.os.IBinder;

/** Stand-in for android.content.ServiceConnection. */
public interface ServiceConnection {
    void onServiceConnected(ComponentName name, IBinder service);

    void onServiceDisconnected(ComponentName name);
}
