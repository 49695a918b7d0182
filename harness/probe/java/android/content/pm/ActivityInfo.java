package android.content.pm;

/** Stand-in for android.content.pm.ActivityInfo. */
public class ActivityInfo {
    public String packageName;
    public String name;

    public ActivityInfo() {}

    @Override
    public String toString() {
        return "ActivityInfo{" + name + "}";
    }
}
