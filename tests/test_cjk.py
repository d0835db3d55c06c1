"""Chinese text done right: East Asian fonts and language on runs, correct breaking, no boxes."""

from __future__ import annotations

from pathlib import Path

from fitjudge import overflows
from pptx import Presentation
from pptx.oxml.ns import qn

from generator import build
from generator.fonts import ASIAN_SPACING_EM, Run, break_tokens, find_font, metrics, wrap_lines

CHINESE_DECK = """---
title: 中国国际进口博览会：八届回顾
subtitle: 2018—2025年的数据、承诺与背景
organisation: 贸易政策简报组
date: 2025-11-28
lang: zh-CN
---

# 展会概况

::: subtitle
世界上第一个以进口为主题的国家级展会
:::

## 主要数据

- 2025年第八届进博会意向成交额为834.9亿美元，比2018年首届的578.3亿美元增长44.4%。
- 2025年共有来自138个国家和地区的4108家企业参展，创历届之最。
  - 其中新产品、新技术、新服务461项。
- Mixed lines use both fonts: CIIE 进博会 2025 opened on 5 November.

## 引语

> 让中国市场成为世界的市场、共享的市场、大家的市场。
>
> — 习近平
"""


def test_line_breaks_follow_chinese_rules() -> None:
    tokens = break_tokens("展会，是“国际贸易”的创举。Open markets")
    assert "会，" in tokens  # a comma never starts a line
    assert "“国" in tokens  # an opening quote never ends one
    assert "举。" in tokens
    assert "".join(tokens) == "展会，是“国际贸易”的创举。Open markets"


def test_a_line_mixing_chinese_and_latin_counts_the_space_set_between_them() -> None:
    # LibreOffice sets a gap wherever Chinese and Latin touch: "CPTPP、DEPA" has two.
    latin, cjk = find_font("Liberation Sans"), find_font("WenQuanYi Micro Hei")
    assert latin is not None and cjk is not None
    runs = [Run("CPTPP", latin.regular, 17), Run("、", cjk.regular, 17), Run("DEPA", latin.regular, 17)]
    bare = sum(metrics(r.font).width(r.text, 17) for r in runs)
    assert len(wrap_lines(runs, bare + 0.5)) == 2
    assert len(wrap_lines(runs, bare + 2 * ASIAN_SPACING_EM * 17)) == 1


def test_the_shipped_cjk_font_is_truetype_and_covers_the_text() -> None:
    font = find_font("Microsoft YaHei")
    assert font is not None and font.regular.suffix == ".ttf"
    m = metrics(font.regular)
    assert all(m.has(ch) for ch in "中国国际进口博览会，。“”")


def test_a_chinese_deck_sets_east_asian_fonts_and_language(tmp_path: Path) -> None:
    talk = tmp_path / "zh.md"
    talk.write_text(CHINESE_DECK, encoding="utf-8")
    result = build(talk, formats=["pptx"])
    assert [str(w) for w in result.warnings] == []
    prs = Presentation(str(result.outputs[0]))
    runs = [r for s in prs.slides for sh in s.shapes if sh.has_text_frame
            for p in sh.text_frame.paragraphs for r in p.runs]
    chinese = [r for r in runs if "进" in r.text or "展会" in r.text]
    assert chinese
    for run in chinese:
        rpr = run._r.find(qn("a:rPr"))
        assert rpr.get("lang") == "zh-CN"
        assert rpr.find(qn("a:ea")).get("typeface") == "Microsoft YaHei"
    mixed = next(r for r in runs if r.text.startswith("Mixed lines"))
    assert mixed._r.find(qn("a:rPr")).find(qn("a:ea")) is not None  # Latin and CJK fonts on one run
    assert overflows(result.outputs[0], tmp_path) == []


def test_a_font_without_a_glyph_is_named_with_the_character_and_slide(tmp_path: Path) -> None:
    talk = tmp_path / "zh.md"
    talk.write_text(CHINESE_DECK, encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "theme.yaml").write_text("fonts:\n  east_asian: Calibri\n", encoding="utf-8")
    result = build(talk, formats=["pptx"])
    messages = [str(w) for w in result.warnings]
    assert any("slide 1:" in m and "'中' (U+4E2D)" in m for m in messages), messages


def test_a_chinese_handout_embeds_a_truetype_cjk_font_and_keeps_every_character(tmp_path: Path) -> None:
    import subprocess

    from conftest import need_program
    from pypdf import PdfReader

    talk = tmp_path / "zh.md"
    talk.write_text(CHINESE_DECK, encoding="utf-8")
    result = build(talk, formats=["pdf"])
    assert [str(w) for w in result.warnings] == []
    pdf = result.outputs[0]
    text = "".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    for phrase in ("中国国际进口博览会", "意向成交额", "习近平", "CIIE 进博会 2025"):
        assert phrase in text.replace("\n", ""), phrase
    fonts = subprocess.run([need_program("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert any("WenQuanYi" in row and "TrueType" in row for row in rows), fonts
    assert all(row.split()[-5] == "yes" for row in rows), fonts  # every font embedded


CHINESE_CONTENT = """
title: 中国国际进口博览会简报
subtitle: 2018—2025年
organisation: 贸易政策简报组
date: 2025-11-28
lang: zh-CN
event:
  name: 中国国际进口博览会
  short_name: 进博会
  native_name: 中国国际进口博览会
takeaways:
  - text: 意向成交额从2018年的578.3亿美元增至2025年的834.9亿美元。
    sources: [A1, H1]
editions:
  - number: 1
    year: 2018
    dates: 11月5日至10日
    deals_usd_bn: {value: 57.83, sources: [A1]}
  - number: 8
    year: 2025
    dates: 11月5日至10日
    deals_usd_bn: {value: 83.49, sources: [H1]}
sources:
  - {key: A1, title: 首届进博会意向成交578.3亿美元}
  - {key: H1, title: 第八届进博会意向成交834.9亿美元}
"""


def test_a_briefing_written_in_chinese_builds_both_outputs(tmp_path: Path) -> None:
    from pypdf import PdfReader

    project = tmp_path / "zh"
    (project / "content").mkdir(parents=True)
    (project / "content" / "briefing.yaml").write_text(CHINESE_CONTENT.lstrip(), encoding="utf-8")
    (project / "briefing.yaml").write_text("pack: ciie\n", encoding="utf-8")
    result = build(project)
    assert sorted(p.suffix for p in result.outputs) == [".pdf", ".pptx"]
    assert [str(w) for w in result.warnings] == []
    deck = Presentation(str(project / "output" / "briefing.pptx"))
    title_slide = "\n".join(sh.text_frame.text for sh in deck.slides[0].shapes if sh.has_text_frame)
    assert "中国国际进口博览会简报" in title_slide
    report = PdfReader(str(project / "output" / "briefing.pdf"))
    assert report.metadata.title == "中国国际进口博览会简报"
    cover = report.pages[0].extract_text().replace("\n", "")
    assert "中国国际进口博览会" in cover
    assert "834.9亿美元" in "".join(p.extract_text() for p in report.pages).replace("\n", "")


def test_latin_text_never_starts_a_line_with_closing_punctuation() -> None:
    # Latin text takes a shorter path than mixed text; both cut it the same way.
    assert break_tokens("Open markets , wider (access) !") == ["Open ", "markets", " , ", "wider ", "(access)", " !"]
    assert break_tokens("中国 ,open") == ["中", "国", " ,", "open"]
    assert "".join(break_tokens(" .a  b")) == " .a  b"
