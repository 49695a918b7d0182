package android.provider;

import android.content.ContentResolver;
import android.database.Cursor;
import android.net.Uri;

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

            public static final String DEFAULT_SORT_ORDER = "bucket_display_name";

            /** AOSP android-13.0.0_r1 MediaStore.java: cr.query(uri, projection, null, null, DEFAULT_SORT_ORDER). */
            public static Cursor query(ContentResolver cr, Uri uri, String[] projection) {
                return cr.query(uri, projection, null, null, DEFAULT_SORT_ORDER);
            }
        }
    }
}
