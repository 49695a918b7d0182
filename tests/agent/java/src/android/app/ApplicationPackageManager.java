package android.app;

import android.content.pm.PackageInfo;
import java.util.ArrayList;
import java.util.List;

public class ApplicationPackageManager {
    public PackageInfo getPackageInfo(String packageName, int flags) { return new PackageInfo(packageName); }
    public List<PackageInfo> getInstalledPackages(int flags) {
        List<PackageInfo> out = new ArrayList<>();
        for (String p : new String[] {"com.tencent.mm", "com.eg.android.AlipayGphone", "com.example.mini"}) {
            out.add(new PackageInfo(p));
        }
        return out;
    }
}
