"""The drafter measured on a committed CAPP-130 sample (Chinese and its English translation), offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.cli.main import main
from harness.policy.evaluate import evaluate, gold_types, read_annotated, read_corpus

SAMPLE = Path(__file__).parent / "data" / "capp130"


@pytest.fixture(scope="module", params=["zh", "en"])
def measured(request):
    return request.param, evaluate(read_corpus(SAMPLE / request.param))


def test_sample_floor(measured) -> None:
    """Floors a little under the sample's figures (zh P 0.93 R 0.90, en P 0.93 R 0.86): a regression fails."""
    lang, result = measured
    assert result.policies == 7 and result.invalid_yaml == 0 and result.errors == []
    assert result.categories.precision >= 0.9, lang
    assert result.categories.recall >= 0.82, lang
    assert result.types.precision >= 0.88, lang
    assert result.citation_precision >= 0.7, lang


def test_gold_comes_from_labelled_sentences_only(tmp_path: Path) -> None:
    f = tmp_path / "rw_1.jsonl"
    f.write_text('{"text": "我们会收集您的手机号码。", "label": ["数据收集"]}\n'
                 '{"text": "个人信息是指姓名、身份证件号码。", "label": []}\n', encoding="utf-8")
    assert gold_types(read_annotated(f)) == {"phone_number"}
    result = evaluate([read_annotated(f)])
    assert (result.types.tp, result.types.fp, result.types.fn) == (1, 0, 0)


def test_cli_eval_prints_both_splits(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "eval", str(SAMPLE / "zh"), "--min-precision", "0.9"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out] == ["tuning", "held-out", "all"]
    assert "data categories P=" in out[-1] and " R=" in out[-1]



def test_cli_eval_floor_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "rw_1.jsonl").write_text('{"text": "我们会收集您的手机号码。", "label": ["数据收集"]}\n'
                                         '{"text": "我们会收集IMEI。", "label": ["数据收集"]}\n', encoding="utf-8")
    assert main(["policy", "eval", str(tmp_path), "--min-recall", "0.9"]) == 0
    (tmp_path / "rw_1.jsonl").write_text('{"text": "我们需要您的IMEI。", "label": ["数据收集"]}\n', encoding="utf-8")
    assert main(["policy", "eval", str(tmp_path), "--min-recall", "0.9"]) == 1
    assert "R=0.000" in capsys.readouterr().out


@pytest.mark.parametrize(("content", "message"), [
    ("not json\n", "rw_1.jsonl:1: not a JSON object"),
    ('{"text": 3}\n', "rw_1.jsonl:1: expected"),
    ("[" * 100_000 + "\n", "rw_1.jsonl:1: not a JSON object"),
])
def test_cli_eval_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str) -> None:
    (tmp_path / "rw_1.jsonl").write_text(content, encoding="utf-8")
    assert main(["policy", "eval", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert main(["policy", "eval", str(tmp_path / "none")]) == 2
