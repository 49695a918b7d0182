"""One entry point for `--label`: a .csv is a Play data safety export, anything else a 清单 file."""

from __future__ import annotations

from pathlib import Path

from harness.errors import InputError
from harness.labels.model import Label, LabelKind


def load_label(spec: str | Path) -> Label:
    """`FILE` or `KIND:FILE` (KIND: play-csv, pi-list, sharing-list); InputError for a missing or bad file."""
    text = str(spec)
    kind: LabelKind | None = None
    head, sep, rest = text.partition(":")
    if sep and head in {k.value for k in LabelKind}:
        kind, text = LabelKind(head), rest
    path = Path(text)
    if not path.is_file():
        raise InputError(f"{path}: label file not found")
    if kind is LabelKind.PLAY or (kind is None and path.suffix.lower() == ".csv"):
        from harness.labels.play import import_play_csv

        return import_play_csv(path)
    from harness.labels.lists import import_list

    return import_list(path, kind)
