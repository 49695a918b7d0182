package android.provider;

import android.content.ContentResolver;
import android.database.Cursor;
import android.net.Uri;
import com.android.internal.probe.Providers;

/** Stand-in for android.provider.MediaStore with MediaStore$Images$Media. */
public final class MediaStore {
    public static final String AUTHORITY = "media";

    private MediaStore() {}

    /** Stand-in for android.provider.MediaStore$Images. */
    public static final class Images {
        private Images() {}

        /** Stand-in for android.provider.MediaStore$Images$Media. */
        public static final class Media {
            public static final Uri EXTERNAL_CONTENT_URI = Uri.parse("content://media/external/images/media");

            private Media() {}

            /** Answers from the provider directly (not through the hooked ContentResolver.query). */
            public static Cursor query(ContentResolver cr, Uri uri, String[] projection) {
                return Providers.cursorFor(uri);
            }
        }
    }
}
