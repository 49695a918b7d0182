package android.content;

/** Stand-in for android.content.Intent (action, category, package, component). */
public class Intent {
    public static final String ACTION_MAIN = "android.intent.action.MAIN";
    public static final String CATEGORY_LAUNCHER = "android.intent.category.LAUNCHER";
    public static final String CATEGORY_INFO = "android.intent.category.INFO";

    private String mAction;
    private String mCategory;
    private String mPackage;
    private ComponentName mComponent;

    public Intent() {}

    public Intent(String action) {
        mAction = action;
    }

    public Intent addCategory(String category) {
        mCategory = category;
        return this;
    }

    public Intent setPackage(String packageName) {
        mPackage = packageName;
        return this;
    }

    public Intent setComponent(ComponentName component) {
        mComponent = component;
        return this;
    }

    public String getAction() {
        return mAction;
    }

    public String getCategory() {
        return mCategory;
    }

    public String getPackage() {
        return mPackage;
    }

    public ComponentName getComponent() {
        return mComponent;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Intent {");
        if (mAction != null) {
            b.append(" act=").append(mAction);
        }
        if (mCategory != null) {
            b.append(" cat=[").append(mCategory).append(']');
        }
        if (mPackage != null) {
            b.append(" pkg=").append(mPackage);
        }
        if (mComponent != null) {
            b.append(" cmp=").append(mComponent.flattenToShortString());
        }
        return b.append(" }").toString();
    }
}
