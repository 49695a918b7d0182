"""Small pure pieces: URL finding, policy-URL candidates, permission facts, manifest names."""

from __future__ import annotations

from harness.static import permissions as perms
from harness.static.manifest import full_name
from harness.static.urls import find_urls, host_of, is_policy_url


def test_find_urls_keeps_endpoints_and_drops_namespaces() -> None:
    text = ('<a xmlns:android="http://schemas.android.com/apk/res/android">see https://api.x-demo.test/v1?a=1, '
            'or (http://10.0.0.2:8080/up). ws://push.x-demo.test/s "https://%s.x-demo.test/" http://localhost/</a>')
    assert find_urls(text) == ["https://api.x-demo.test/v1?a=1", "http://10.0.0.2:8080/up",
                               "ws://push.x-demo.test/s", "http://localhost/"]
    assert find_urls("no scheme here: api.x-demo.test/v1") == []
    assert host_of("https://API.X-Demo.test./p") == "api.x-demo.test"


def test_policy_url_candidates() -> None:
    assert is_policy_url("https://m.example.test/h5/privacy.html")
    assert is_policy_url("https://m.example.test/%E9%9A%90%E7%A7%81%E6%94%BF%E7%AD%96.html")  # 隐私政策, escaped
    assert is_policy_url("https://m.example.test/yinsi/index.html")
    assert not is_policy_url("https://m.example.test/user-agreement.html")


def test_permission_facts() -> None:
    p = "android.permission."
    assert [perms.protection_level(p + n) for n in ("CAMERA", "INTERNET", "SYSTEM_ALERT_WINDOW", "NOPE")] == [
        "dangerous", "normal", "special", "unknown"]
    assert (perms.group(p + "READ_CALL_LOG"), perms.group(p + "BLUETOOTH_SCAN"), perms.group(p + "INTERNET")) == (
        "CALL_LOG", "NEARBY_DEVICES", None)
    assert perms.special_kind(p + "BIND_ACCESSIBILITY_SERVICE") == "accessibility"
    assert perms.special_kind(p + "MANAGE_EXTERNAL_STORAGE") == "all_files_access"


def test_component_names_resolve_against_the_package() -> None:
    assert full_name("com.a.b", ".Main") == "com.a.b.Main"
    assert full_name("com.a.b", "Main") == "com.a.b.Main"
    assert full_name("com.a.b", "org.x.Service") == "org.x.Service"


def test_filters_added_for_issue_11_have_static_evidence() -> None:
    from harness.agent.catalogue import default_catalogue
    from harness.static.apis import filter_matches

    cat = default_catalogue()
    gaid = cat.get("gaid.bind_service")
    assert filter_matches(gaid, ("com.google.android.gms.ads.identifier.service.START",), (), "com.x")
    assert not filter_matches(gaid, ("com.example.sync.START",), (), "com.x")
    assert filter_matches(cat.get("process.exec_installed_apps"), ("pm list packages -3",), (), "com.x")
    assert filter_matches(cat.get("telephony.listen"), (), (), "com.x")  # the mask is an int: undecidable
    assert filter_matches(cat.get("binder.transact_gaid"),
                          ("com.google.android.gms.ads.identifier.internal.IAdvertisingIdService",), (), "com.x")
