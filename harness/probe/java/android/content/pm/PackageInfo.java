package android.content.pm;

/** Stand-in for android.content.pm.PackageInfo (toString without identity hash, so it is deterministic). */
public class PackageInfo {
    public String packageName;
    public String versionName;
    public long firstInstallTime;
    public ApplicationInfo applicationInfo;

    public PackageInfo() {}

    @Override
    public String toString() {
        return "PackageInfo{" + packageName + "}";
    }
}
