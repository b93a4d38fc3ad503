"""PDF reports: fonts, the visit record and the blank form, and the helpers the other
report tests share. Every PDF is read back with a real PDF reader (pypdf)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import reports
from app.clock import FixedClock
from app.errors import UserError
from app.reports.fonts import FontOptions, Typesetter, load_fonts
from app.reports.output import ReportCancelled, write_atomically
from app.services import Services
from app.services.demo import generate
from app.services.enterprises import EnterpriseInput
from app.services.problems import ProblemInput
from app.services.visits import VisitInput
from db.database import open_database
from tests.conftest import TODAY
from tests.factories import VALID_CODES, cadre

#: Service-level tests run on SQLite and on PostgreSQL (see conftest.py).
pytestmark = pytest.mark.backends

OPTIONS = reports.ReportOptions(system_fonts=False, printed_at=datetime(2026, 6, 15, 9, 30))
LONG = ("企业反映，受原材料价格上涨和下游订单减少双重影响，流动资金周转困难，"
        "希望协调银行办理续贷并给予贴息支持；同时厂区道路尚未硬化，雨天货车无法进出。") * 30


# ---- helpers shared by the report tests --------------------------------------------
def pdf_text(path: Path) -> str:
    """All extracted text, whitespace removed (extraction puts spaces between runs)."""
    reader = PdfReader(str(path))
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in reader.pages))


def page_count(path: Path) -> int:
    return len(PdfReader(str(path)).pages)


def font_report(path: Path) -> dict[str, bool]:
    """Every font the PDF's pages use → whether its program is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(str(path)).pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found


def assert_sound_pdf(path: Path, *, pages: int | None = None) -> str:
    """The checks every report passes: pages numbered 第 X 页 共 N 页, every font embedded
    (the CJK faces among them), no leftover temporary file. Returns the text."""
    n = page_count(path)
    if pages is not None:
        assert n == pages
    text = pdf_text(path)
    assert f"第1页共{n}页" in text and f"第{n}页共{n}页" in text
    fonts = font_report(path)
    assert fonts and all(fonts.values()), fonts
    assert any("UMing" in name or "MicroHei" in name for name in fonts), fonts
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    return text


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """Demo data at scale 1 (≈200 enterprises, 2,000 problems), with today fixed."""
    db = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    generate(db, scale=1, seed=1, today=TODAY)
    yield Services(db, FixedClock(TODAY))
    db.close()


# ---- fonts ---------------------------------------------------------------------------
def test_bundled_faces_are_truetype_with_latin_and_digits() -> None:
    fonts = load_fonts(FontOptions(system=False))
    for face in (fonts.title, fonts.body, fonts.table, fonts.heading):
        assert set("统一社会信用代码0123456789ABCXYZ年月日") <= face.chars
    assert fonts.heading.chars - fonts.table.chars  # the fallback adds characters


def test_typesetter_falls_back_then_flags_what_no_face_has() -> None:
    fonts = load_fonts(FontOptions(system=False))
    ts = Typesetter(fonts)
    assert "叕" not in fonts.table.chars and "叕" in fonts.heading.chars
    markup = ts.markup("张叕<公司>&𠀀", fonts.table)
    assert f'<font face="{fonts.heading.name}">叕</font>' in markup
    assert "&lt;公司&gt;&amp;" in markup and "[U+20000]" in markup
    assert list(ts.missing) == ["𠀀"]


def test_a_configured_font_that_cannot_be_embedded_is_a_user_error(tmp_path: Path) -> None:
    fake = tmp_path / "NotoSansCJK.otf"
    fake.write_bytes(b"OTTO" + b"\0" * 200)
    with pytest.raises(UserError, match="TrueType"):
        load_fonts(FontOptions(font=fake, system=False))
    with pytest.raises(UserError, match="找不到"):
        load_fonts(FontOptions(font=tmp_path / "none.ttf", system=False))


def test_official_faces_installed_on_the_machine_are_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    from app.reports import fonts as fonts_mod
    from app.reports import system_fonts

    folder = tmp_path / "Fonts"
    folder.mkdir()
    # A stand-in for the machine's 黑体 (simhei.ttf): any TrueType face will do.
    (folder / "SimHei.TTF").write_bytes((fonts_mod.BUNDLED_DIR / "wqy-microhei.ttc").read_bytes())
    monkeypatch.setattr(system_fonts, "font_folders", lambda: [folder])
    chosen = load_fonts(FontOptions(system=True))
    assert chosen.heading.label == "黑体" and chosen.heading.path.parent == folder
    assert chosen.table.label.startswith("AR PL UMing")  # no 宋体 there: the bundled face


# ---- writing files -----------------------------------------------------------------
def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "报表"  # beside the data folder (ZHUQI_HOME), which notes where temporaries go
    out.mkdir()
    target = out / "报表.pdf"
    target.write_bytes(b"old")

    def fail(tmp: Path) -> None:
        tmp.write_bytes(b"half a pdf")
        raise ReportCancelled()

    with pytest.raises(ReportCancelled):
        write_atomically(target, fail)
    assert target.read_bytes() == b"old"
    assert [p.name for p in out.iterdir()] == ["报表.pdf"]
    with pytest.raises(UserError, match="不存在"):
        write_atomically(tmp_path / "nowhere" / "x.pdf", fail)


# ---- the visit record ------------------------------------------------------------------
def test_visit_record_from_demo_data(demo: Services, tmp_path: Path) -> None:
    visit = max(demo.visits.list(limit=None), key=lambda v: len(v.problem_ids))
    enterprise = demo.enterprises.get(visit.enterprise_id)
    out = tmp_path / "走访记录.pdf"
    result = reports.visit_record(demo, visit.id, out, options=OPTIONS)
    text = assert_sound_pdf(out, pages=result.pages)
    assert result.missing_characters == ()
    assert enterprise.name in text and enterprise.credit_code in text
    assert visit.id in text and "企业走访记录表" in text and "走访干部（签字）" in text
    for pid in visit.problem_ids:
        assert re.sub(r"\s+", "", demo.problems.get(pid).description)[:12] in text
    assert "2026年6月15日09:30" in text  # the print time, written the Chinese way


def _edge_visit(services: Services, *, name: str, discussion: str, problems: int = 0) -> str:
    ent = services.enterprises.create(EnterpriseInput(name=name, credit_code=VALID_CODES[0]))
    cid = cadre(services)
    plist = tuple(ProblemInput(enterprise_id=ent.id, category="融资", description=LONG[: 300 + i * 40],
                               demand="协调续贷") for i in range(problems))
    return services.visits.create(VisitInput(enterprise_id=ent.id, visit_date=date(2026, 6, 1), cadre_ids=(cid,),
                                             discussion=discussion), plist).id


def test_visit_record_with_rare_characters_long_text_and_empty_fields(services: Services, tmp_path: Path) -> None:
    vid = _edge_visit(services, name="河阳县㐂𠀀叕科技有限公司", discussion=LONG[:2000], problems=3)
    out = tmp_path / "v.pdf"
    result = reports.visit_record(services, vid, out, options=OPTIONS)
    text = assert_sound_pdf(out)
    assert result.pages >= 2  # 2,000 characters of discussion continue on the next page
    assert result.missing_characters == ("㐂", "𠀀")
    assert "河阳县[U+3402][U+20000]叕科技有限公司" in text  # flagged, never a silent blank
    assert "当前字体无法显示" in text and VALID_CODES[0] in text
    assert re.sub(r"\s+", "", LONG[:2000])[-20:] in text  # nothing cut off


def test_visit_record_accepts_a_prefix_and_refuses_an_unknown_id(services: Services, tmp_path: Path) -> None:
    vid = _edge_visit(services, name="恒达铝业", discussion="")
    assert services.visits.resolve_id(vid[:8]) == vid
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UserError, match="走访记录"):
        reports.visit_record(services, "0000dead-0000-0000-0000-000000000000", out / "x.pdf", options=OPTIONS)
    assert not list(out.iterdir())


def test_blank_form_has_the_same_boxes_to_fill_by_hand(tmp_path: Path) -> None:
    out = tmp_path / "blank.pdf"
    result = reports.blank_visit_form(out, options=OPTIONS)
    text = assert_sound_pdf(out, pages=result.pages)
    assert result.pages <= 2
    for label in ("企业名称", "统一社会信用代码", "交流内容", "企业反映的问题及诉求", "□实地走访",
                  "企业负责人（签字）", "______年____月____日"):
        assert label in text
