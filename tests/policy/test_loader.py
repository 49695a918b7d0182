"""The policy loader: valid files become Policy objects; every kind of error is reported at its position."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.cli.main import main
from harness.errors import PolicyError
from harness.policy.loader import PolicyFileError, check_policy, load_policy
from harness.policy.model import CollectionTime, Frequency, FunctionKind

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "harness" / "policies" / "examples").glob("*.yaml"))

VALID = """\
app:
  package: com.example.app
  category: online_shopping
  first_party_domains: [shop.example.com]
data:
  - {type: phone_number, purpose: 注册}
  - type: location
    function: extended
    when: on_feature_use
    feature: nearby
    background: true
    frequency: {count: 2, per: 5m}
    separate_consent: true
    source: "当您使用附近功能时，我们会收集位置信息。"
third_parties:
  - {name: Umeng, sdk: umeng, data_types: [android_id]}
  - {name: Pay Co, packages: [com.payco], domains: [pay.example.net], disclosed: false, company: Pay Co Ltd}
"""


def write(tmp_path: Path, text: str, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_policy_becomes_objects(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, VALID))
    assert policy.app.package == "com.example.app"
    assert policy.app.category == "online_shopping"
    assert policy.declared_types() == {"phone_number", "location"}
    loc = policy.item("location")
    assert loc is not None
    assert (loc.function, loc.when, loc.feature, loc.background, loc.separate_consent) == (
        FunctionKind.EXTENDED, CollectionTime.ON_FEATURE_USE, "nearby", True, True)
    assert loc.frequency == Frequency(count=2, per_seconds=300.0)
    assert loc.line == 7
    assert loc.citation == ("当您使用附近功能时，我们会收集位置信息。",)
    assert policy.item("phone_number").function is FunctionKind.BASIC
    assert policy.features == ("nearby",)
    umeng, payco = policy.third_parties
    assert umeng.sdk_id == "umeng" and "com.umeng" in umeng.packages and "umeng.com" in umeng.domains
    assert payco.sdk_id is None and payco.disclosed is False and payco.company == "Pay Co Ltd"
    assert policy.third_party_for_package("com.umeng.analytics.Agent") is umeng
    assert policy.third_party_for_package("com.umengx.Agent") is None
    assert policy.third_party_for_host("alog.umeng.com") is umeng
    assert policy.third_party_for_host("notumeng.com") is None
    assert policy.third_party_for_sdk("umeng") is umeng
    assert policy.is_first_party_host("api.shop.example.com")
    assert not policy.is_first_party_host("shop.example.com.evil.net")
    assert policy.cross_border is False


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_shipped_examples_are_valid(path: Path) -> None:
    assert check_policy(path) == []
    assert load_policy(path).app.package.startswith("com.example.")


# (yaml text, the words the error must point at (last occurrence; None: see POSITIONS), message)
ERRORS = [
    pytest.param("app: [\n", None, "invalid YAML: expected the node content, but found '<stream end>'", id="syntax"),
    pytest.param("", None, "empty policy (expected a mapping with at least 'app:')", id="empty"),
    pytest.param("- app\n", '- app', "top level: expected a mapping, got a list", id="not-a-mapping"),
    pytest.param("app: {package: com.a.b, category: news}\napp: {}\n", 'app: {}', "app: duplicate key (first at line 1)", id="duplicate-key"),
    pytest.param("app: {package: com.a.b, category: news, catgory: news}\n", 'catgory', "app: unknown key 'catgory' (did you mean 'category'?) "
                 "(allowed: package, name, category, first_party_domains)", id="unknown-key"),
    pytest.param("app: {package: com.a.b}\n", '{package', "app: missing required key 'category'", id="missing-key"),
    pytest.param("app: {package: com.a.b, category: shopping}\n", 'shopping', "app.category: unknown category 'shopping' (one of the 39 keys in "
                 "harness/policies/baselines/necessary-pi-39.yaml, or 'other')", id="unknown-category"),
    pytest.param("app: {package: com.a.b, category: 新闻资讯类}\n", '新闻资讯类', "app.category: unknown category '新闻资讯类' (did you mean 'news'?) (one of the 39 keys "
                 "in harness/policies/baselines/necessary-pi-39.yaml, or 'other')", id="category-by-chinese-name"),
    pytest.param("app: {package: not a package, category: news}\n", 'not a package', "app.package: expected an Android package name like 'com.example.app', "
                 "got 'not a package'", id="bad-package"),
    pytest.param("app: {package: com.a.b, category: news}\ndata:\n  - type: imeii\n", 'imeii', "data[0].type: unknown data type 'imeii' (did you mean 'imei'?) "
                 "(see harness/taxonomy/data_types.yaml)", id="bad-type-id"),
    pytest.param("app: {package: com.a.b, category: news}\ndata:\n  - type: 剪贴板\n", '剪贴板', "data[0].type: unknown data type '剪贴板' (did you mean 'clipboard'?) "
                 "(see harness/taxonomy/data_types.yaml)", id="type-by-synonym"),
    pytest.param("app: {package: com.a.b, category: news}\ndata:\n  - {type: imei, background: \"no\"}\n", '"no"', "data[0].background: expected true or false, got string 'no'", id="wrong-bool"),
    pytest.param("app: {package: com.a.b, category: news}\ndata:\n  - {type: imei, function: basik}\n", 'basik', "data[0].function: expected one of basic, extended, got 'basik' (did you mean 'basic'?)", id="bad-enum"),
    pytest.param("app: {package: com.a.b, category: news}\ndata:\n  - {type: imei, when: on_feature_use}\n", 'on_feature_use', "data[0]: when is on_feature_use but no 'feature' names the feature", id="feature-missing"),
    pytest.param("app: {package: com.a.b, category: news}\ndata:\n  - {type: imei, feature: x}\n", 'feature', "data[0].feature: only meaningful with 'when: on_feature_use'", id="feature-without-when"),
    pytest.param("app: {package: com.a.b, category: news}\ndata:\n  - {type: imei}\n  - {type: imei}\n", 'imei}\n', "data[1].type: data type 'imei' is already declared at line 3 (one item per type)", id="duplicate-type"),
    pytest.param("app: {package: com.a.b, category: news}\ndata:\n  - {type: imei, frequency: {count: 2, per: 3 weeks}}\n", '3 weeks', "data[0].frequency.per: expected a duration like 60s, 5m, 1h or 1d, got '3 weeks'", id="bad-duration"),
    pytest.param("app: {package: com.a.b, category: news}\ndata:\n  - {type: imei, frequency: {count: 1.5, per: 1s}}\n", '1.5', "data[0].frequency.count: expected a whole number, got number 1.5", id="wrong-number"),
    pytest.param("app: {package: com.a.b, category: news}\ndata: {type: imei}\n", '{type: imei}', "data: expected a list, got a mapping", id="data-not-a-list"),
    pytest.param("app: {package: com.a.b, category: news}\nthird_parties:\n  - {name: U, sdk: umengg}\n", 'umengg', "third_parties[0].sdk: unknown SDK id 'umengg' (did you mean 'umeng'?) "
                 "(see harness/detect/sdks.yaml; leave 'sdk' out for other parties)", id="unknown-sdk"),
    pytest.param("app: {package: com.a.b, category: news}\nthird_parties:\n  - {name: U, domains: ['https://u.com/x']}\n", "'https", "third_parties[0].domains[0]: expected a lower-case host name like 'example.com', "
                 "got 'https://u.com/x'", id="bad-domain"),
    pytest.param("app: {package: com.a.b, category: news}\nthird_parties:\n  - {name: U, data_types: [imei, imei]}\n", 'imei]', "third_parties[0].data_types[1]: 'imei' is listed twice (first at line 3)", id="listed-twice"),
    pytest.param("app: {package: com.a.b, category: news}\nthird_parties:\n  - {sdk: umeng}\n", '{sdk', "third_parties[0]: missing required key 'name'", id="party-name-missing"),
    pytest.param("app: {package: com.a.b, category: news}\npermissions:\n  - {permission: CAMRA}\n", 'CAMRA', "permissions[0].permission: 'CAMRA' is neither a permission group nor a permission that reaches "
                 "personal information (did you mean 'CAMERA'?)", id="bad-permission"),
    pytest.param("app: {package: com.a.b, category: news}\npermissions:\n  - {permission: CAMERA}\n  - {permission: android.permission.CAMERA}\n", 'android.permission.CAMERA', "permissions[1].permission: group CAMERA is already declared at line 3", id="permission-twice"),
    pytest.param("app: {package: com.a.b, category: news}\npermissions:\n  - {purpose: x}\n", '{purpose', "permissions[0]: missing required key 'permission'", id="permission-missing"),
    pytest.param("app: {package: com.a.b, category: news}\ncross_border: 1\n", '1\n', "cross_border: expected true or false, got number 1", id="wrong-type-top"),
    pytest.param("app: {package: com.a.b, category: news}\nversion: 2\n", '2\n', "version: this harness reads policy schema version 1, got 2", id="version"),
    pytest.param("app: {package: !!python/name:os.system com.a.b, category: news}\n", '!!python', "explicit YAML tag '!!python/name:os.system' is not allowed", id="python-tag"),
    pytest.param("app: {package: com.a.b, category: news}\ncross_border: !!bool 1\n", '!!bool',
                 "explicit YAML tag '!!bool' is not allowed", id="bool-tag"),
    pytest.param("base: &b {x: 1}\napp: {package: com.a.b, category: news}\n", '&b',
                 "YAML anchors and aliases are not allowed", id="anchor"),
    pytest.param("app: {package: com.a.b, category: news}\nthird_parties:\n  - <<: {name: x}\n", '<<',
                 "YAML merge keys (<<) are not allowed", id="merge-key"),
]


POSITIONS = {"app: [\n": "2:1", "": "1:1"}
"""Errors with nothing to point at: the end of the stream, an empty file."""


def position(text: str, anchor: str | None) -> str:
    if anchor is None:
        return POSITIONS[text]
    index = text.rindex(anchor)
    line = text.count("\n", 0, index) + 1
    return f"{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def test_permissions_by_group_or_manifest_name(tmp_path: Path) -> None:
    text = ("app: {package: com.a.b, category: news}\npermissions:\n  - {permission: camera, purpose: 扫码}\n"
            "  - {permission: android.permission.ACCESS_FINE_LOCATION}\n  - {permission: READ_PHONE_STATE, source: x}\n")
    policy = load_policy(write(tmp_path, text))
    assert [(p.group, p.purpose, p.line, p.citation) for p in policy.permissions] == [
        ("CAMERA", "扫码", 3, ()), ("LOCATION", "", 4, ()), ("PHONE", "", 5, ("x",))]
    assert policy.permission("PHONE") is not None and policy.permission("SMS") is None
    assert load_policy(write(tmp_path, "app: {package: com.a.b, category: news}\n")).permissions is None


@pytest.mark.parametrize(("text", "anchor", "message"), ERRORS)
def test_each_error_kind_names_file_line_and_column(tmp_path: Path, text: str, anchor: str | None,
                                                     message: str) -> None:
    path = write(tmp_path, text)
    assert check_policy(path) == [f"{path}:{position(text, anchor)}: {message}"]


def test_deep_nesting_is_refused_at_the_level_that_passes_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "app: {package: com.a.b, category: news}\nfeatures: " + "[" * 1000 + "]" * 1000 + "\n")
    # top mapping and the features list are levels 1 and 2: the 64th "[" opens level 65
    assert check_policy(path) == [f"{path}:2:{len('features: ') + 64}: YAML nested deeper than 64 levels"]


def test_all_errors_are_reported_in_file_order(tmp_path: Path) -> None:
    path = write(tmp_path, "app:\n  package: com.a.b\n  category: nwes\ndata:\n  - {type: imeii}\ncross_border: yes please\n")
    errors = check_policy(path)
    assert [e.split(": ", 1)[0] for e in errors] == [f"{path}:3:13", f"{path}:5:12", f"{path}:6:15"]
    with pytest.raises(PolicyFileError) as info:
        load_policy(path)
    assert info.value.errors == tuple(errors)
    assert "\n" not in str(info.value)
    assert str(info.value).endswith(f"(and 2 more; run 'harness policy check {path}')")
    assert info.value.exit_code == 2


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert check_policy(path) == [f"{path}: no such file"]
    with pytest.raises(PolicyError, match="no such file"):
        load_policy(path)


def test_cli_check_ok_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "check", str(ROOT / "harness/policies/examples/probe.yaml")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: ") and "com.example.probe, category news, 14 data items, 3 third parties" in out
    bad = write(tmp_path, "app: {package: com.a.b, category: nwes}\ndata:\n  - {type: imeii}\n")
    assert main(["policy", "check", str(ROOT / "harness/policies/examples/news.yaml"), str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out.startswith("ok: ") and "news.yaml" in captured.out
    err = captured.err.splitlines()
    assert len(err) == 2
    assert err[0].startswith(f"{bad}:1:35: app.category: unknown category 'nwes'")
    assert err[1].startswith(f"{bad}:3:12: data[0].type: unknown data type 'imeii'")
