package android.app;

import android.content.ComponentName;
import android.content.Context;
import android.content.Intent;
import android.content.pm.ActivityInfo;
import android.content.pm.ResolveInfo;
import android.content.pm.ApplicationInfo;
import android.content.pm.PackageInfo;
import android.content.pm.PackageManager;
import java.util.ArrayList;
import java.util.List;

/** Stand-in for android.app.ApplicationPackageManager, the concrete PackageManager. */
public class ApplicationPackageManager extends PackageManager {
    static final String[] INSTALLED = {
        "com.example.probe", "com.tencent.mm", "com.eg.android.AlipayGphone", "com.ss.android.ugc.aweme",
        "com.sina.weibo", "com.taobao.taobao", "com.android.chrome", "com.probe.canary.installedapp",
    };

    private final Context mContext;

    ApplicationPackageManager(Context context) {
        mContext = context;
    }

    private static PackageInfo info(String pkg) {
        PackageInfo p = new PackageInfo();
        p.packageName = pkg;
        p.versionName = "1.0";
        p.firstInstallTime = 1764000000000L;
        ApplicationInfo a = new ApplicationInfo();
        a.packageName = pkg;
        a.processName = pkg;
        p.applicationInfo = a;
        return p;
    }

    // Call structure of AOSP android-13.0.0_r1 core/java/android/app/ApplicationPackageManager.java:
    // the int-flag methods wrap their flags (PackageInfoFlags.of) and call the API 33 overload,
    // which calls the ...AsUser variant for the calling user; that one asks the package service.

    private int getUserId() {
        return 0;
    }

    @Override
    public List<PackageInfo> getInstalledPackages(int flags) {
        return getInstalledPackages(PackageInfoFlags.of(flags));
    }

    public List<PackageInfo> getInstalledPackages(PackageInfoFlags flags) {
        return getInstalledPackagesAsUser(flags, getUserId());
    }

    /** Hidden per-user variant (what the package service answers). */
    public List<PackageInfo> getInstalledPackagesAsUser(PackageInfoFlags flags, int userId) {
        List<PackageInfo> out = new ArrayList<>();
        for (String pkg : INSTALLED) {
            out.add(info(pkg));
        }
        return out;
    }

    @Override
    public List<ApplicationInfo> getInstalledApplications(int flags) {
        return getInstalledApplications(ApplicationInfoFlags.of(flags));
    }

    public List<ApplicationInfo> getInstalledApplications(ApplicationInfoFlags flags) {
        return getInstalledApplicationsAsUser(flags, getUserId());
    }

    /** Hidden per-user variant. */
    public List<ApplicationInfo> getInstalledApplicationsAsUser(ApplicationInfoFlags flags, int userId) {
        List<ApplicationInfo> out = new ArrayList<>();
        for (String pkg : INSTALLED) {
            out.add(info(pkg).applicationInfo);
        }
        return out;
    }

    @Override
    public PackageInfo getPackageInfo(String packageName, int flags) throws NameNotFoundException {
        return getPackageInfo(packageName, PackageInfoFlags.of(flags));
    }

    public PackageInfo getPackageInfo(String packageName, PackageInfoFlags flags) throws NameNotFoundException {
        return getPackageInfoAsUser(packageName, flags, getUserId());
    }

    private static boolean installed(String packageName) {
        for (String pkg : INSTALLED) {
            if (pkg.equals(packageName)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ApplicationInfo getApplicationInfo(String packageName, int flags) throws NameNotFoundException {
        return getApplicationInfo(packageName, ApplicationInfoFlags.of(flags));
    }

    public ApplicationInfo getApplicationInfo(String packageName, ApplicationInfoFlags flags)
            throws NameNotFoundException {
        return getApplicationInfoAsUser(packageName, flags, getUserId());
    }

    /** Hidden per-user variant. */
    public ApplicationInfo getApplicationInfoAsUser(String packageName, ApplicationInfoFlags flags, int userId)
            throws NameNotFoundException {
        if (!installed(packageName)) {
            throw new NameNotFoundException(packageName);
        }
        return info(packageName).applicationInfo;
    }

    /** Hidden per-user variant of getPackageInfo (int flags) -> the PackageInfoFlags variant. */
    public PackageInfo getPackageInfoAsUser(String packageName, int flags, int userId) throws NameNotFoundException {
        return getPackageInfoAsUser(packageName, PackageInfoFlags.of(flags), userId);
    }

    public PackageInfo getPackageInfoAsUser(String packageName, PackageInfoFlags flags, int userId)
            throws NameNotFoundException {
        if (!installed(packageName)) {
            throw new NameNotFoundException(packageName);
        }
        return info(packageName);
    }

    @Override
    public String getInstallerPackageName(String packageName) {
        if (!installed(packageName)) {
            throw new IllegalArgumentException("Unknown package: " + packageName);
        }
        return "com.android.vending";
    }

    /** AOSP: CATEGORY_INFO first, then CATEGORY_LAUNCHER, each through queryIntentActivities. */
    @Override
    public Intent getLaunchIntentForPackage(String packageName) {
        Intent intentToResolve = new Intent(Intent.ACTION_MAIN).addCategory(Intent.CATEGORY_INFO).setPackage(packageName);
        List<ResolveInfo> ris = queryIntentActivities(intentToResolve, 0);
        if (ris == null || ris.size() <= 0) {
            intentToResolve = new Intent(Intent.ACTION_MAIN).addCategory(Intent.CATEGORY_LAUNCHER).setPackage(packageName);
            ris = queryIntentActivities(intentToResolve, 0);
        }
        if (ris == null || ris.size() <= 0) {
            return null;
        }
        return new Intent(Intent.ACTION_MAIN).addCategory(Intent.CATEGORY_LAUNCHER).setPackage(packageName)
                .setComponent(new ComponentName(ris.get(0).activityInfo.packageName, ris.get(0).activityInfo.name));
    }

    @Override
    public List<ResolveInfo> queryIntentActivities(Intent intent, int flags) {
        return queryIntentActivities(intent, ResolveInfoFlags.of(flags));
    }

    public List<ResolveInfo> queryIntentActivities(Intent intent, ResolveInfoFlags flags) {
        return queryIntentActivitiesAsUser(intent, flags, getUserId());
    }

    /** Hidden per-user variant: launcher activities of every package, or of the intent's package (none has an INFO activity). */
    public List<ResolveInfo> queryIntentActivitiesAsUser(Intent intent, ResolveInfoFlags flags, int userId) {
        List<ResolveInfo> out = new ArrayList<>();
        if (Intent.CATEGORY_INFO.equals(intent.getCategory())) {
            return out;
        }
        for (String pkg : INSTALLED) {
            if (intent.getPackage() != null && !intent.getPackage().equals(pkg)) {
                continue;
            }
            ActivityInfo a = new ActivityInfo();
            a.packageName = pkg;
            a.name = pkg + ".LauncherActivity";
            ResolveInfo r = new ResolveInfo();
            r.activityInfo = a;
            out.add(r);
        }
        return out;
    }
}
