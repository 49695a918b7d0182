"""Round trip: the label exported from a run, imported again, declares exactly what the run observed."""

from __future__ import annotations

from pathlib import Path

import pytest
from labelkit import busy_run
from tracekit import Trace

from harness.analysis import analyze_run
from harness.labels.export import EXPORTERS, observed_keys
from harness.labels.loader import load_label
from harness.labels.model import LabelKind

SUFFIX = {LabelKind.PLAY: ".csv", LabelKind.PI_LIST: ".md", LabelKind.SHARING_LIST: ".md"}


@pytest.mark.parametrize("kind", list(LabelKind))
def test_export_then_import_declares_what_was_observed(trace: Trace, tmp_path: Path, kind: LabelKind) -> None:
    report = analyze_run(busy_run(trace), None)
    path = tmp_path / f"label{SUFFIX[kind]}"
    path.write_text(EXPORTERS[kind](report.observed), encoding="utf-8")
    label = load_label(f"{kind.value}:{path}")
    assert label.declared_keys() == observed_keys(report.observed, kind)
    expected = {
        LabelKind.PLAY: {"collected": {"PSL_PRECISE_LOCATION", "PSL_DEVICE_ID"},
                         "shared": {"PSL_PRECISE_LOCATION", "PSL_DEVICE_ID"}},
        LabelKind.PI_LIST: {"collected": {"location", "android_id"}, "shared": set()},
        LabelKind.SHARING_LIST: {"collected": set(), "shared": {"imei", "advertising_id", "location"}},
    }[kind]
    assert label.declared_keys() == expected
    # and the label rules find nothing to add: the export is complete
    again = analyze_run(trace.path, None, labels=(label,))
    assert [f for f in again.findings if f.rule.startswith("label_")] == []


def test_play_export_answers_encryption_from_the_flows(trace: Trace, tmp_path: Path) -> None:
    report = analyze_run(busy_run(trace), None)
    path = tmp_path / "play.csv"
    path.write_text(EXPORTERS[LabelKind.PLAY](report.observed), encoding="utf-8")
    label = load_label(path)
    assert label.encrypted_in_transit.value is False  # Umeng posted the IMEI over http://
    assert label.collects_any.value is True
    device = next(t for t in label.play_types if t.psl_id == "PSL_DEVICE_ID")
    assert set(device.sharing_purposes) == {"PSL_ADVERTISING", "PSL_ANALYTICS"}


def test_sharing_export_names_each_recipient(trace: Trace, tmp_path: Path) -> None:
    report = analyze_run(busy_run(trace), None)
    path = tmp_path / "s.md"
    path.write_text(EXPORTERS[LabelKind.SHARING_LIST](report.observed), encoding="utf-8")
    label = load_label(path)
    got = {(tp.sdk_id or tp.name): set(tp.data_types) for tp in label.third_parties}
    assert got == {"umeng": {"imei"}, "google_ads": {"advertising_id"}, "api.example.com": {"location"}}
