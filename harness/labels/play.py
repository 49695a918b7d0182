"""Google Play data safety CSV (Play Console export/import format): read into a Label, write from a run.

The file has five columns (Question ID, Response ID, Response value, Answer requirement,
label); a data type is declared by a TRUE in its PSL_DATA_TYPES_* row, and how it is handled
by the PSL_DATA_USAGE_RESPONSES:<type>:<question> rows after it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from harness.errors import InputError
from harness.labels.model import Answer, Label, LabelKind, PlayDataType
from harness.labels.play_types import (
    CATEGORIES,
    COLUMNS,
    COVERS,
    PURPOSES,
    Q_COLLECTS,
    Q_DELETION,
    Q_DELETION_OLD,
    Q_ENCRYPTED,
    R_BOTH,
    R_COLLECTED,
    R_OPTIONAL,
    R_REQUIRED,
    R_SHARED,
    U_COLLECTION_PURPOSE,
    U_CONTROL,
    U_EPHEMERAL,
    U_SHARING,
    U_SHARING_PURPOSE,
    USAGE,
    category_of,
    representative,
)
from harness.policy.model import DataItem, FunctionKind, Provenance

MAX_ROWS = 20_000
MAX_BYTES = 8 * 1024 * 1024
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}


@dataclass
class _Usage:
    row: int
    collected: bool = False
    shared: bool = False
    ephemeral: bool | None = None
    required: bool | None = None
    collection: list[str] = field(default_factory=list)
    sharing: list[str] = field(default_factory=list)


def _flag(value: str, where: str) -> bool | None:
    v = value.strip().lower()
    if not v:
        return None
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise InputError(f"{where}: response value {value!r} is not TRUE or FALSE")


def _rows(path: Path) -> list[list[str]]:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"{path}: larger than {MAX_BYTES // 1024 // 1024} MiB; not a data safety form")
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read data safety CSV ({e})") from e
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as e:
        raise InputError(f"{path}: not a CSV file ({e})") from e
    if not rows or [c.strip() for c in rows[0][:3]] != list(COLUMNS[:3]):
        raise InputError(f"{path}:1: not a Play Console data safety CSV (expected the columns "
                         f"{', '.join(COLUMNS[:3])})")
    if len(rows) > MAX_ROWS:
        raise InputError(f"{path}: {len(rows)} rows, more than a data safety form has ({MAX_ROWS})")
    return rows


def import_play_csv(path: Path | str) -> Label:
    """Read a Play Console data safety CSV; InputError "FILE:ROW: ..." on anything malformed."""
    path = Path(path)
    name = str(path)
    rows = _rows(path)
    cats = category_of()
    answers: dict[str, Answer] = {}
    selected: dict[str, int] = {}
    usage: dict[str, _Usage] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < 3:
            raise InputError(f"{name}:{n}: {len(row)} column(s), expected at least 3 "
                             "(Question ID, Response ID, Response value)")
        qid, rid, value = row[0].strip(), row[1].strip(), row[2]
        where = f"{name}:{n}"
        if qid in (Q_COLLECTS, Q_ENCRYPTED):
            flag = _flag(value, where)
            if flag is not None:
                answers[qid] = Answer(flag, Provenance(name, n, qid))
        elif qid == Q_DELETION_OLD:  # older exports ask it as a yes/no question of its own
            flag = _flag(value, where)
            if flag is not None:
                answers[Q_DELETION] = Answer(flag, Provenance(name, n, qid))
        elif qid == Q_DELETION:
            if _flag(value, where):
                answers[qid] = Answer(rid == "DATA_DELETION_YES", Provenance(name, n, f"{qid}/{rid}"))
        elif qid in CATEGORIES:
            if cats.get(rid) != qid:
                raise InputError(f"{where}: unknown data type {rid!r} under {qid}")
            if _flag(value, where):
                selected[rid] = n
        elif qid.startswith(USAGE + ":"):
            _usage_row(qid, rid, _flag(value, where), where, n, usage, cats)
    return _label(name, answers, selected, usage)


def _usage_row(qid: str, rid: str, flag: bool | None, where: str, n: int, usage: dict[str, _Usage],
               cats: dict[str, str]) -> None:
    parts = qid.split(":")
    if len(parts) != 3 or parts[1] not in cats:
        raise InputError(f"{where}: malformed question id {qid!r} (expected {USAGE}:<data type>:<question>)")
    if flag is None:
        return
    u = usage.setdefault(parts[1], _Usage(n))
    question = parts[2]
    if question == U_SHARING and flag:
        u.collected |= rid in (R_COLLECTED, R_BOTH)
        u.shared |= rid in (R_SHARED, R_BOTH)
    elif question == U_EPHEMERAL:
        u.ephemeral = flag
    elif question == U_CONTROL and flag and rid in (R_OPTIONAL, R_REQUIRED):
        u.required = rid == R_REQUIRED
    elif question in (U_COLLECTION_PURPOSE, U_SHARING_PURPOSE) and flag:
        if rid not in PURPOSES:
            raise InputError(f"{where}: unknown purpose {rid!r}")
        (u.collection if question == U_COLLECTION_PURPOSE else u.sharing).append(rid)


def _label(name: str, answers: dict[str, Answer], selected: dict[str, int], usage: dict[str, _Usage]) -> Label:
    for psl, u in usage.items():
        if psl not in selected and (u.collected or u.shared):
            raise InputError(f"{name}:{u.row}: usage answered for {psl}, which is not selected as a data type")
    collects = answers.get(Q_COLLECTS)
    if collects is not None and not collects.value and selected:
        psl, n = next(iter(selected.items()))
        raise InputError(f"{name}:{n}: {psl} is selected but {Q_COLLECTS} (row {collects.provenance.row}) "
                         "says no data is collected or shared")
    types: list[PlayDataType] = []
    collected: list[DataItem] = []
    shared: list[DataItem] = []
    for psl, n in selected.items():
        u = usage.get(psl) or _Usage(n)
        if not (u.collected or u.shared):
            raise InputError(f"{name}:{n}: {psl} is selected but neither collected nor shared "
                             f"({USAGE}:{psl}:{U_SHARING})")
        prov = Provenance(name, n, psl)
        types.append(PlayDataType(psl, u.collected, u.shared, u.ephemeral, u.required, tuple(u.collection),
                                  tuple(u.sharing), prov))
        rep = representative(psl)
        if rep is None:
            continue  # a Play data type the taxonomy has no type for (e.g. PSL_MUSIC): kept in play_types only
        fn = FunctionKind.EXTENDED if u.required is False else FunctionKind.BASIC
        if u.collected:
            collected.append(DataItem(rep, purpose=",".join(u.collection), function=fn, line=n, provenance=prov))
        if u.shared:
            shared.append(DataItem(rep, purpose=",".join(u.sharing), function=fn, line=n, provenance=prov))
    return Label(LabelKind.PLAY, name, collected=tuple(collected), shared=tuple(shared),
                 collects_any=collects, encrypted_in_transit=answers.get(Q_ENCRYPTED),
                 deletion_request=answers.get(Q_DELETION), play_types=tuple(types))


@dataclass(frozen=True, slots=True)
class PlayDeclaration:
    """What to write for one Play data type."""

    collected: bool
    shared: bool
    required: bool
    collection_purposes: tuple[str, ...]
    sharing_purposes: tuple[str, ...]


def render_play_csv(declared: dict[str, PlayDeclaration], *, encrypted: bool | None) -> str:
    """A complete form in Play Console's CSV layout: every data type row, usage rows for the declared ones."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    w.writerow([Q_COLLECTS, "", _b(bool(declared)), "REQUIRED",
                "Does your app collect or share any of the required user data types?"])
    w.writerow([Q_ENCRYPTED, "", "" if encrypted is None or not declared else _b(encrypted), "MAYBE_REQUIRED",
                "Is all of the user data collected by your app encrypted in transit?"])
    for rid in ("DATA_DELETION_YES", "DATA_DELETION_NO"):
        w.writerow([Q_DELETION, rid, "", "SINGLE_CHOICE",
                    "Do you provide a way for users to request that their data is deleted? (not observable: answer it)"])
    for cat, ids in CATEGORIES.items():
        for psl in ids:
            w.writerow([cat, psl, "TRUE" if psl in declared else "", "MULTIPLE_CHOICE", f"{cat} / {psl}"])
    for psl, d in declared.items():
        p = f"{USAGE}:{psl}:"
        w.writerow([p + U_SHARING, R_COLLECTED, "TRUE" if d.collected else "", "MULTIPLE_CHOICE", f"{psl} / Collected"])
        w.writerow([p + U_SHARING, R_SHARED, "TRUE" if d.shared else "", "MULTIPLE_CHOICE", f"{psl} / Shared"])
        w.writerow([p + U_EPHEMERAL, "", "FALSE", "MAYBE_REQUIRED", f"{psl} / Processed ephemerally?"])
        w.writerow([p + U_CONTROL, R_OPTIONAL, "" if d.required else "TRUE", "SINGLE_CHOICE", f"{psl} / Optional"])
        w.writerow([p + U_CONTROL, R_REQUIRED, "TRUE" if d.required else "", "SINGLE_CHOICE", f"{psl} / Required"])
        for q, chosen in ((U_COLLECTION_PURPOSE, d.collection_purposes), (U_SHARING_PURPOSE, d.sharing_purposes)):
            for purpose in PURPOSES:
                w.writerow([p + q, purpose, "TRUE" if purpose in chosen else "", "MULTIPLE_CHOICE",
                            f"{psl} / {q} / {purpose}"])
    return out.getvalue()


def _b(flag: bool) -> str:
    return "TRUE" if flag else "FALSE"


__all__ = ["COVERS", "PlayDeclaration", "import_play_csv", "render_play_csv"]
