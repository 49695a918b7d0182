"""Broken inputs give one ApkError line naming the file (exit 2); the CLI prints the report or JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support.apks import build_apk, build_broken, build_split_dir

from harness.cli.main import main
from harness.errors import EXIT_USAGE, ApkError
from harness.static import analyze_apk

ROOT = Path(__file__).parents[2]

BROKEN = {
    "truncated": "corrupt or truncated zip",
    "garbage_manifest": "AndroidManifest.xml is missing its package or is not valid binary XML",
    "no_manifest": "no AndroidManifest.xml (not an APK)",
    "bad_dex": "classes.dex: DEX tables run past the end of the file",
    "text": "not an APK (no zip signature)",
    "empty": "empty file, not an APK",
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_inputs_are_one_line_apk_errors(kind: str, pinned) -> None:
    path = build_broken(kind)
    with pytest.raises(ApkError) as e:
        analyze_apk(path, catalogue=pinned)
    msg = str(e.value)
    assert msg.startswith(f"{path}: ") and BROKEN[kind] in msg and "\n" not in msg
    assert e.value.exit_code == EXIT_USAGE


def test_malformed_dex_in_deep_mode_is_an_apk_error_too(pinned) -> None:
    path = build_broken("bad_dex")
    with pytest.raises(ApkError, match=r"^.*broken-bad_dex-\w+\.apk: malformed DEX code \(") as e:
        analyze_apk(path, deep=True, catalogue=pinned)
    assert "\n" not in str(e.value)


def test_split_sets_without_a_base_or_a_lone_split(tmp_path: Path, pinned) -> None:
    splits = build_split_dir()
    lone = tmp_path / "feature.apk"
    shutil.copyfile(splits / "split_feature.apk", lone)
    with pytest.raises(ApkError, match=r"feature\.apk: is split 'feature_nearby' of com\.example\.splitapp"):
        analyze_apk(lone, catalogue=pinned)
    folder = tmp_path / "no_base"
    folder.mkdir()
    shutil.copyfile(splits / "split_feature.apk", folder / "split_feature.apk")
    with pytest.raises(ApkError, match="split set has no base APK"):
        analyze_apk(folder, catalogue=pinned)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ApkError, match="folder holds no .apk files"):
        analyze_apk(empty, catalogue=pinned)
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    shutil.copyfile(splits / "base.apk", mixed / "base.apk")
    shutil.copyfile(build_apk("legacy22"), mixed / "other.apk")
    with pytest.raises(ApkError, match="split set has 2 base APKs"):
        analyze_apk(mixed, catalogue=pinned)


def test_bundletool_apks_ignores_standalone_alternatives(tmp_path: Path, pinned) -> None:
    splits = build_split_dir()
    apks = tmp_path / "app.apks"
    with zipfile.ZipFile(apks, "w") as z:
        z.writestr("toc.pb", b"\x0a\x00")
        for f in sorted(splits.iterdir()):
            z.write(f, f"splits/{'base-master.apk' if f.name == 'base.apk' else f.name}")
        z.write(splits / "base.apk", "standalones/standalone-xxhdpi.apk")  # a second "base": ignored
    rep = analyze_apk(apks, catalogue=pinned)
    assert [f.name for f in rep.files] == ["splits/base-master.apk", "splits/split_config.xxhdpi.apk",
                                           "splits/split_feature.apk"]


def test_cli_json_is_static_json(capsys: pytest.CaptureFixture[str]) -> None:
    path = build_apk("obfuscated")
    assert main(["static", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc == json.loads(json.dumps(analyze_apk(path).to_json()))  # the shipped catalogue by default
    assert doc["app"]["package"] == "com.example.obf"
    assert {c["hook_id"] for c in doc["call_sites"]} >= {"telephony.get_device_id", "telephony.get_sim_serial_number",
                                                         "settings.secure_android_id"}


def test_cli_summary_and_out_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "summary.txt"
    assert main(["static", str(build_apk("legacy22")), "--category", "news", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith('com.example.legacy 0.9 (1)  "Legacy"')
    for line in ("target_sdk_below_23:", "permissions_unused_in_code:", "permissions_unrelated_to_category:",
                 "imei             android.telephony.TelephonyManager.getDeviceId  <- com.example.legacy.Main.onCreate [app]"):
        assert line in text
    assert capsys.readouterr().out == ""


def test_cli_errors_exit_2_with_one_line_and_no_androguard_noise() -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "harness", "static", *args], capture_output=True, text=True,
                              cwd=ROOT, timeout=120)

    for path, expected in ((build_broken("garbage_manifest"), "not valid binary XML"),
                           (ROOT / "no-such.apk", "no such file")):
        proc = run(str(path))
        assert proc.returncode == 2
        assert proc.stderr.count("\n") == 1 and expected in proc.stderr and "Traceback" not in proc.stderr
    proc = run(str(build_apk("app")), "--category", "no_such_category")
    assert proc.returncode == 2 and "no_such_category" in proc.stderr
    ok = run(str(build_apk("multidex")), "--deep")
    assert ok.returncode == 0 and ok.stderr == ""  # loguru output of androguard is silenced
    assert "mode: deep" in ok.stdout
