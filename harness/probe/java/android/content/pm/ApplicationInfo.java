package android.content.pm;

/** Stand-in for android.content.pm.ApplicationInfo (deterministic toString). */
public class ApplicationInfo {
    public String packageName;
    public String processName;
    public int flags;

    public ApplicationInfo() {}

    @Override
    public String toString() {
        return "ApplicationInfo{" + packageName + "}";
    }
}
