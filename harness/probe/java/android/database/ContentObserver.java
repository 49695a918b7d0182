package android.database;

import android.os.Handler;

/** Stand-in for android.database.ContentObserver. */
public abstract class ContentObserver {
    public ContentObserver(Handler handler) {}

    public void onChange(boolean selfChange) {}
}
