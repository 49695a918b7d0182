package android.content;

import android.database.Cursor;
import android.net.Uri;
import android.os.Bundle;
import android.os.CancellationSignal;
import com.android.internal.probe.Providers;

/**
 * Stand-in for android.content.ContentProviderClient, after AOSP android-13.0.0_r1
 * core/java/android/content/ContentProviderClient.java: query 5-arg -> 6-arg -> Bundle overload;
 * call(method, arg, extras) -> call(mAuthority, method, arg, extras) (API 29+).
 */
public class ContentProviderClient implements AutoCloseable {
    private final ContentResolver mContentResolver;
    private final String mAuthority;

    ContentProviderClient(ContentResolver contentResolver, String authority) {
        mContentResolver = contentResolver;
        mAuthority = authority;
    }

    public Cursor query(Uri url, String[] projection, String selection, String[] selectionArgs, String sortOrder) {
        return query(url, projection, selection, selectionArgs, sortOrder, null);
    }

    public Cursor query(Uri uri, String[] projection, String selection, String[] selectionArgs, String sortOrder,
            CancellationSignal cancellationSignal) {
        Bundle queryArgs = ContentResolver.createSqlQueryBundle(selection, selectionArgs, sortOrder);
        return query(uri, projection, queryArgs, cancellationSignal);
    }

    public Cursor query(Uri uri, String[] projection, Bundle queryArgs, CancellationSignal cancellationSignal) {
        return Providers.cursorFor(uri);
    }

    public Bundle call(String method, String arg, Bundle extras) {
        return call(mAuthority, method, arg, extras);
    }

    public Bundle call(String authority, String method, String arg, Bundle extras) {
        return Providers.call(authority, method, arg);
    }

    @Override
    public void close() {}
}
