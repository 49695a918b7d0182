package android.os;

import java.io.File;

/** Stand-in for android.os.Environment (paths of the emulated external storage). */
public class Environment {
    public static final String DIRECTORY_DCIM = "DCIM";
    public static final String DIRECTORY_PICTURES = "Pictures";
    public static final String DIRECTORY_DOWNLOADS = "Download";

    public Environment() {}

    public static File getExternalStorageDirectory() {
        return new File("/storage/emulated/0");
    }

    public static File getExternalStoragePublicDirectory(String type) {
        return new File("/storage/emulated/0/" + type);
    }
}
