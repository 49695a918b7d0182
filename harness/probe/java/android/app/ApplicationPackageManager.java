package android.app;

import android.content.Context;
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

    @Override
    public List<PackageInfo> getInstalledPackages(int flags) {
        List<PackageInfo> out = new ArrayList<>();
        for (String pkg : INSTALLED) {
            out.add(info(pkg));
        }
        return out;
    }

    @Override
    public List<ApplicationInfo> getInstalledApplications(int flags) {
        List<ApplicationInfo> out = new ArrayList<>();
        for (String pkg : INSTALLED) {
            out.add(info(pkg).applicationInfo);
        }
        return out;
    }

    @Override
    public PackageInfo getPackageInfo(String packageName, int flags) throws NameNotFoundException {
        for (String pkg : INSTALLED) {
            if (pkg.equals(packageName)) {
                return info(pkg);
            }
        }
        throw new NameNotFoundException(packageName);
    }
}
