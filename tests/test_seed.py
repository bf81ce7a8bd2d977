"""The seed document (part 5 of the Beijing 实施意见, scraped with page chrome): what must hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from policysite.build import read_document

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_09ee85cba1de08bf.txt"


@pytest.fixture(scope="module")
def seed():
    return read_document(SEED, display="seeds/000_09ee85cba1de08bf.txt")


def test_title_and_part(seed):
    assert seed.title == "关于加强乡镇政府服务能力建设的实施意见"
    assert seed.parts == (5,)
    assert seed.missing_parts == (1, 2, 3, 4)


def test_section_five_with_clauses_sixteen_to_twenty(seed):
    section = seed.node("s5")
    assert (section.marker, section.num, section.heading) == ("五、", "五", "加强组织保障")
    clauses = [(c.id, c.marker, c.num, c.heading) for c in section.children]
    assert clauses == [
        ("s5-c16", "(十六)", "十六", "发挥乡镇党委的领导作用。"),
        ("s5-c17", "(十七)", "十七", "加强乡镇干部队伍建设。"),
        ("s5-c18", "(十八)", "十八", "健全激励保障机制。"),
        ("s5-c19", "(十九)", "十九", "改进乡镇政府服务绩效评价奖惩机制。"),
        ("s5-c20", "(二十)", "二十", "强化乡镇政府监督管理。"),
    ]


def test_closing_paragraph(seed):
    closing = seed.body[-1]
    assert closing.kind == "closing"
    assert closing.text.startswith("各区要结合实际")
    assert closing.text.endswith("及时向市委、市政府报告工作进展情况。")


def test_every_chrome_line_is_dropped(seed):
    lines = SEED.read_text("utf-8").splitlines()
    chrome = {n for n in range(19, 40) if lines[n - 1].strip()} | {3}
    assert {d.line for d in seed.dropped} == chrome
    assert {d.text for d in seed.dropped} >= {
        "责任编辑:王梓辰校对:刘佳星最后修改:", "精选专题", "微博", "客户端",
        "事业单位事业单位标识证书 京公网安备京公网安备 11010102001556号",
    }
    assert all(d.reason for d in seed.dropped)
