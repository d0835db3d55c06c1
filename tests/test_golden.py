"""Golden outputs: the same inputs must keep giving the same bytes while the code is reshaped.

Every output of five inputs (the CIIE deck and report, a hostile deck and its handout, a Chinese
deck and its handout) is built with ``SOURCE_DATE_EPOCH`` pinned and hashed. A change of any byte
fails here. A commit that means to change the output re-baselines the hashes and says why:

    BRIEFING_UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from conftest import ROOT
from test_cjk import CHINESE_DECK
from test_fit import HOSTILE

from generator import build

GOLDEN = Path(__file__).resolve().parent / "golden" / "hashes.json"
EPOCH = "1764288000"  # 2025-11-28, the CIIE briefing's date
UPDATE = os.environ.get("BRIEFING_UPDATE_GOLDEN") == "1"


def _hashes(tmp_path: Path) -> dict[str, str]:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    (decks / "chinese.md").write_text(CHINESE_DECK, encoding="utf-8")
    outputs: list[Path] = []
    outputs += build(ROOT, out_dir=tmp_path / "ciie").outputs
    outputs += build(decks / "hostile.md", out_dir=tmp_path / "hostile").outputs
    outputs += build(decks / "chinese.md", out_dir=tmp_path / "chinese").outputs
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(outputs)}


def test_outputs_are_the_golden_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    got = _hashes(tmp_path)
    assert len(got) == 6
    if UPDATE:
        GOLDEN.write_text(json.dumps(got, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    changed = sorted(name for name in want.keys() | got.keys() if want.get(name) != got.get(name))
    assert not changed, (f"outputs changed: {', '.join(changed)}; if the change is meant, re-baseline with "
                         "BRIEFING_UPDATE_GOLDEN=1 and say why in the commit")
