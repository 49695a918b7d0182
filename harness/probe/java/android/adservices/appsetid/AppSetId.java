package android.adservices.appsetid;

/** Stand-in for android.adservices.appsetid.AppSetId. */
public class AppSetId {
    public static final int SCOPE_APP = 1;
    public static final int SCOPE_DEVELOPER = 2;

    private final String mId;
    private final int mScope;

    public AppSetId(String id, int scope) {
        mId = id;
        mScope = scope;
    }

    public String getId() {
        return mId;
    }

    public int getScope() {
        return mScope;
    }
}
