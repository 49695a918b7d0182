"""Stack attribution: the innermost non-platform frame names the caller."""

from __future__ import annotations

from harness.detect.attribution import attribute_stack, frame_class

APP = ("com.example.probe",)


def test_sdk_call_through_app_code_is_the_sdk() -> None:
    stack = [
        "java.base/java.lang.Thread.getStackTrace(Thread.java:1619)",
        "android.telephony.TelephonyManager.getDeviceId(Native Method)",
        "com.umeng.commonsdk.statistics.DeviceInfo.imei(DeviceInfo.java:40)",
        "com.umeng.commonsdk.UMConfigure.init(UMConfigure.java:12)",
        "com.example.probe.ProbeApplication.onCreate(ProbeApplication.java:20)",
    ]
    actor = attribute_stack(stack, APP)
    assert actor["kind"] == "sdk" and actor["sdk_id"] == "umeng"
    assert actor["frame"] == stack[2]


def test_app_call_is_first_party_even_when_an_sdk_called_the_app() -> None:
    stack = [
        "android.provider.Settings$Secure.getString(Settings.java:1)",
        "com.example.probe.util.Ids.androidId(Ids.java:9)",
        "com.tencent.bugly.crashreport.CrashReport.init(CrashReport.java:5)",
    ]
    assert attribute_stack(stack, APP)["kind"] == "first_party"


def test_unknown_and_system_callers() -> None:
    assert attribute_stack(["org.thirdparty.Lib.go(Lib.java:1)"], APP)["kind"] == "unknown"
    assert attribute_stack(["android.app.ActivityThread.main(ActivityThread.java:1)"], APP)["kind"] == "system"


def test_sdk_nested_in_app_namespace_is_the_sdk() -> None:
    stack = ["com.umeng.analytics.A.b(A.java:1)"]
    assert attribute_stack(stack, ("com.umeng",))["kind"] == "first_party"
    stack = ["com.google.android.gms.ads.identifier.AdvertisingIdClient.getAdvertisingIdInfo(X.java:1)"]
    assert attribute_stack(stack, ("com.google",))["sdk_id"] == "google_ads_identifier"


def test_frame_class_parses_common_forms() -> None:
    assert frame_class("com.a.B.c(B.java:1)") == "com.a.B"
    assert frame_class("\tat com.a.B$Inner.<init>(B.java:1)") == "com.a.B$Inner"
    assert frame_class("java.base/java.lang.Thread.run(Thread.java:833)") == "java.lang.Thread"
    assert frame_class("garbage") is None
