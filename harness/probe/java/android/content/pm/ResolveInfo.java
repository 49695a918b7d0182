package android.content.pm;

/** Stand-in for android.content.pm.ResolveInfo (deterministic toString). */
public class ResolveInfo {
    public ActivityInfo activityInfo;

    public ResolveInfo() {}

    @Override
    public String toString() {
        return "ResolveInfo{" + activityInfo.packageName + "/" + activityInfo.name + "}";
    }
}
