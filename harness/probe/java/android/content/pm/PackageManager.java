package android.content.pm;

import android.content.Intent;
import android.util.AndroidException;
import java.util.List;

/** Stand-in for android.content.pm.PackageManager: abstract as on Android (ApplicationPackageManager is concrete). */
public abstract class PackageManager {
    public static final int GET_META_DATA = 0x80;
    public static final int GET_PERMISSIONS = 0x1000;
    public static final int PERMISSION_GRANTED = 0;
    public static final int PERMISSION_DENIED = -1;

    public PackageManager() {}

    public abstract List<PackageInfo> getInstalledPackages(int flags);

    public abstract List<ApplicationInfo> getInstalledApplications(int flags);

    public abstract PackageInfo getPackageInfo(String packageName, int flags) throws NameNotFoundException;

    public abstract ApplicationInfo getApplicationInfo(String packageName, int flags) throws NameNotFoundException;

    public abstract String getInstallerPackageName(String packageName);

    public abstract Intent getLaunchIntentForPackage(String packageName);

    public abstract List<ResolveInfo> queryIntentActivities(Intent intent, int flags);

    /** API 33 flag wrappers (PackageManager$PackageInfoFlags / $ApplicationInfoFlags). */
    public static final class PackageInfoFlags {
        private final long mValue;

        private PackageInfoFlags(long value) {
            mValue = value;
        }

        public static PackageInfoFlags of(long value) {
            return new PackageInfoFlags(value);
        }

        public long getValue() {
            return mValue;
        }
    }

    public static final class ApplicationInfoFlags {
        private final long mValue;

        private ApplicationInfoFlags(long value) {
            mValue = value;
        }

        public static ApplicationInfoFlags of(long value) {
            return new ApplicationInfoFlags(value);
        }

        public long getValue() {
            return mValue;
        }
    }

    public static final class ResolveInfoFlags {
        private final long mValue;

        private ResolveInfoFlags(long value) {
            mValue = value;
        }

        public static ResolveInfoFlags of(long value) {
            return new ResolveInfoFlags(value);
        }

        public long getValue() {
            return mValue;
        }
    }

    /** Stand-in for android.content.pm.PackageManager$NameNotFoundException. */
    public static class NameNotFoundException extends AndroidException {
        public NameNotFoundException() {}

        public NameNotFoundException(String name) {
            super(name);
        }
    }
}
