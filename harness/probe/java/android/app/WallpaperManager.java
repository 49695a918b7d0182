package android.app;

import android.content.Context;
import android.graphics.drawable.BitmapDrawable;
import android.graphics.drawable.Drawable;

/** Stand-in for android.app.WallpaperManager (the wallpaper is a user photo). */
public class WallpaperManager {
    private final Context mContext;

    WallpaperManager(Context context) {
        mContext = context;
    }

    public static WallpaperManager getInstance(Context context) {
        return (WallpaperManager) context.getSystemService(Context.WALLPAPER_SERVICE);
    }

    public Drawable getDrawable() {
        return new BitmapDrawable("wallpaper IMG_20250601_183012.jpg");
    }
}
