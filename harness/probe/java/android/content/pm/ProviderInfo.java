package android.content.pm;

/** Stand-in for android.content.pm.ProviderInfo. */
public class ProviderInfo {
    public String authority;
    public String name;
    public String packageName;

    public ProviderInfo() {}
}
