package android.content;

import android.content.pm.ProviderInfo;

/** Stand-in for android.content.ContentProvider: onCreate is abstract as on Android; attachInfo calls it. */
public abstract class ContentProvider {
    private Context mContext;

    public ContentProvider() {}

    public abstract boolean onCreate();

    public void attachInfo(Context context, ProviderInfo info) {
        if (mContext == null) {
            mContext = context;
            onCreate();
        }
    }

    public final Context getContext() {
        return mContext;
    }
}
