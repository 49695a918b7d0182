package android.content;

/** Stand-in for android.content.ComponentName. */
public final class ComponentName {
    private final String mPackage;
    private final String mClass;

    public ComponentName(String pkg, String cls) {
        mPackage = pkg;
        mClass = cls;
    }

    public String getPackageName() {
        return mPackage;
    }

    public String getClassName() {
        return mClass;
    }

    public String flattenToShortString() {
        return mPackage + "/" + (mClass.startsWith(mPackage + ".") ? mClass.substring(mPackage.length()) : mClass);
    }

    @Override
    public String toString() {
        return "ComponentInfo{" + mPackage + "/" + mClass + "}";
    }
}
