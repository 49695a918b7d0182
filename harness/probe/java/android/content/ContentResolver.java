package android.content;

import android.database.ContentObserver;
import android.database.Cursor;
import android.net.Uri;
import android.os.Bundle;
import android.os.CancellationSignal;
import com.android.internal.probe.Providers;

/**
 * Stand-in for android.content.ContentResolver (abstract; query/insert/update/delete are final
 * as on Android). Call structure of AOSP android-13.0.0_r1 core/java/android/content/ContentResolver.java:
 * query 5-arg -> 6-arg (CancellationSignal) -> Bundle overload, which asks the provider;
 * insert(Uri,ContentValues) -> insert(Uri,ContentValues,Bundle); update/delete with a selection
 * -> their Bundle overloads; call(Uri,..) -> call(String authority,..);
 * acquireContentProviderClient(String|Uri) -> a ContentProviderClient on that authority;
 * registerContentObserver 3-arg -> hidden 4-arg (userHandle).
 */
public abstract class ContentResolver {
    public static final String SCHEME_CONTENT = "content";
    public static final String QUERY_ARG_SQL_SELECTION = "android:query-arg-sql-selection";
    public static final String QUERY_ARG_SQL_SELECTION_ARGS = "android:query-arg-sql-selection-args";
    public static final String QUERY_ARG_SQL_SORT_ORDER = "android:query-arg-sql-sort-order";

    private final Context mContext;

    public ContentResolver(Context context) {
        mContext = context;
    }

    public final Cursor query(Uri uri, String[] projection, String selection, String[] selectionArgs,
            String sortOrder) {
        return query(uri, projection, selection, selectionArgs, sortOrder, null);
    }

    public final Cursor query(Uri uri, String[] projection, String selection, String[] selectionArgs,
            String sortOrder, CancellationSignal cancellationSignal) {
        Bundle queryArgs = createSqlQueryBundle(selection, selectionArgs, sortOrder);
        return query(uri, projection, queryArgs, cancellationSignal);
    }

    /** Answers the providers the catalogue filters on; unknown authorities give null like a missing provider. */
    public final Cursor query(Uri uri, String[] projection, Bundle queryArgs, CancellationSignal cancellationSignal) {
        return Providers.cursorFor(uri);
    }

    public final Uri insert(Uri url, ContentValues values) {
        return insert(url, values, null);
    }

    public final Uri insert(Uri url, ContentValues values, Bundle extras) {
        return Providers.insert(url, values);
    }

    public final int update(Uri uri, ContentValues values, String where, String[] selectionArgs) {
        return update(uri, values, createSqlQueryBundle(where, selectionArgs, null));
    }

    public final int update(Uri uri, ContentValues values, Bundle extras) {
        return Providers.update(uri, values);
    }

    public final int delete(Uri url, String where, String[] selectionArgs) {
        return delete(url, createSqlQueryBundle(where, selectionArgs, null));
    }

    public final int delete(Uri url, Bundle extras) {
        return Providers.delete(url);
    }

    public final Bundle call(Uri uri, String method, String arg, Bundle extras) {
        return call(uri.getAuthority(), method, arg, extras);
    }

    public final Bundle call(String authority, String method, String arg, Bundle extras) {
        return Providers.call(authority, method, arg);
    }

    public final ContentProviderClient acquireContentProviderClient(Uri uri) {
        return acquireContentProviderClient(uri.getAuthority());
    }

    public final ContentProviderClient acquireContentProviderClient(String name) {
        return Providers.exists(name) ? new ContentProviderClient(this, name) : null;
    }

    public final void registerContentObserver(Uri uri, boolean notifyForDescendants, ContentObserver observer) {
        registerContentObserver(uri, notifyForDescendants, observer, 0);
    }

    /** Hidden per-user variant; registers nothing: the stand-in's providers never change. */
    public final void registerContentObserver(Uri uri, boolean notifyForDescendents, ContentObserver observer,
            int userHandle) {}

    public final void unregisterContentObserver(ContentObserver observer) {}

    /** AOSP ContentResolver.createSqlQueryBundle (hidden static helper). */
    public static Bundle createSqlQueryBundle(String selection, String[] selectionArgs, String sortOrder) {
        if (selection == null && selectionArgs == null && sortOrder == null) {
            return null;
        }
        Bundle queryArgs = new Bundle();
        if (selection != null) {
            queryArgs.putString(QUERY_ARG_SQL_SELECTION, selection);
        }
        if (selectionArgs != null) {
            queryArgs.putStringArray(QUERY_ARG_SQL_SELECTION_ARGS, selectionArgs);
        }
        if (sortOrder != null) {
            queryArgs.putString(QUERY_ARG_SQL_SORT_ORDER, sortOrder);
        }
        return queryArgs;
    }
}
