package android.content;

import android.database.Cursor;
import android.database.ContentObserver;
import android.net.Uri;
import com.android.internal.probe.Providers;

/** Stand-in for android.content.ContentResolver (abstract, query is final as on Android). */
public abstract class ContentResolver {
    public static final String SCHEME_CONTENT = "content";

    private final Context mContext;

    public ContentResolver(Context context) {
        mContext = context;
    }

    /** Answers the providers the catalogue filters on; unknown authorities give null like a missing provider. */
    public final Cursor query(Uri uri, String[] projection, String selection, String[] selectionArgs,
            String sortOrder) {
        return Providers.cursorFor(uri);
    }

    /** Registers nothing: the stand-in's providers never change. */
    public final void registerContentObserver(Uri uri, boolean notifyForDescendants, ContentObserver observer) {}

    public final void unregisterContentObserver(ContentObserver observer) {}
}
