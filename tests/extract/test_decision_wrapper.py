"""A Decision that issues a plan: both the Decision's references and the plan's own are kept, and the
attached plan is read as the plan (documents composed here, as text and as Word files)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx

from cchc.domain.plan import DecisionRef, PlanLevel, Signer, Span
from cchc.extract.assemble import parse_plan_text
from cchc.extract.decision import split_decision
from cchc.extract.header import parse_plan_info
from cchc.extract.pipeline import extract_file, plan_to_json

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\tĐộc lập - Tự do - Hạnh phúc"

DECISION = """ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LÀO CAI\tĐộc lập - Tự do - Hạnh phúc
Số: 41/QĐ-UBND\tLào Cai, ngày 15 tháng 12 năm 2026

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch cải cách hành chính nhà nước tỉnh Lào Cai năm 2027

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÀO CAI

Căn cứ Luật Tổ chức chính quyền địa phương;
Căn cứ Nghị quyết số 76/NQ-CP của Chính phủ;
Theo đề nghị của Giám đốc Sở Nội vụ.

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính nhà nước tỉnh Lào Cai năm 2027.
Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.
Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các sở, Chủ tịch UBND các xã, phường chịu trách nhiệm thi hành Quyết định này.

Nơi nhận:\tKT. CHỦ TỊCH
- Như Điều 3;\tPHÓ CHỦ TỊCH
- Bộ Nội vụ;\t(Đã ký)
- Lưu: VT.\tLê Thị Thu Hà

ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LÀO CAI\tĐộc lập - Tự do - Hạnh phúc

KẾ HOẠCH
Cải cách hành chính nhà nước tỉnh Lào Cai năm 2027
(Ban hành kèm theo Quyết định số 41/QĐ-UBND ngày 15 tháng 12 năm 2026 của Chủ tịch UBND tỉnh Lào Cai)

I. MỤC ĐÍCH, YÊU CẦU
- Tiếp tục nâng cao chất lượng phục vụ người dân, doanh nghiệp.
II. CHỈ TIÊU
1. Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn đạt tối thiểu 98%.
2. Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính đến năm 2027 đạt 90%, đến năm 2030 đạt 100%.
III. NHIỆM VỤ
1. Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền của tỉnh.
2. Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức của tỉnh.
IV. TỔ CHỨC THỰC HIỆN
Sở Nội vụ chủ trì, theo dõi, đôn đốc việc thực hiện Kế hoạch này.
"""


def test_the_decision_keeps_its_own_number_date_title_issuer_and_signer() -> None:
    info = parse_plan_info(DECISION)
    assert info.decision == DecisionRef(
        number="41/QĐ-UBND",
        issued_on=date(2026, 12, 15),
        title="Về việc ban hành Kế hoạch cải cách hành chính nhà nước tỉnh Lào Cai năm 2027",
        issuer="UBND tỉnh Lào Cai",
        signer=Signer("Lê Thị Thu Hà", "Phó Chủ tịch"),
    )


def test_the_plan_takes_its_own_heading_and_the_decision_reference_for_what_it_lacks() -> None:
    info = parse_plan_info(DECISION)
    assert info.title == "Cải cách hành chính nhà nước tỉnh Lào Cai năm 2027"
    assert (info.number, info.issued_on) == ("41/QĐ-UBND", date(2026, 12, 15))
    assert (info.issuer, info.level, info.locality_code) == ("UBND tỉnh Lào Cai", PlanLevel.PROVINCE, 15)
    # issued in December for the next year: the period is the plan's year, not the year of issue
    assert info.period == Span(date(2027, 1, 1), date(2027, 12, 31))
    assert info.signer == Signer("Lê Thị Thu Hà", "Phó Chủ tịch")


def test_the_attached_plan_gives_the_tasks_and_indicators_and_the_articles_give_none() -> None:
    plan = parse_plan_text(DECISION)
    tasks = [t.task for t in plan.tasks]
    assert tasks == [
        "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền của tỉnh.",
        "Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức của tỉnh.",
    ]
    assert not any("hiệu lực" in t or "thi hành" in t for t in tasks)
    names = [(i.name, i.target) for i in plan.indicators]
    assert names[0] == ("Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn", 98.0)
    assert len(names) == 2 and names[1][1] == 100.0
    assert [(y.year, y.target) for y in plan.indicators[1].targets_by_year] == [(2027, 90.0), (2030, 100.0)]


def test_the_plan_own_number_wins_over_the_decision_number() -> None:
    text = DECISION.replace(
        "KẾ HOẠCH\nCải cách hành chính nhà nước tỉnh Lào Cai năm 2027\n",
        "Số: 77/KH-UBND\n\nKẾ HOẠCH\nCải cách hành chính nhà nước tỉnh Lào Cai năm 2027\n",
    )
    info = parse_plan_info(text)
    assert info.number == "77/KH-UBND"
    assert info.decision is not None and info.decision.number == "41/QĐ-UBND"


PM_DECISION = f"""THỦ TƯỚNG CHÍNH PHỦ\t{MOTTO.split(chr(9))[0]}
\t{MOTTO.split(chr(9))[1]}
Số: 112/QĐ-TTg\tHà Nội, ngày 20 tháng 01 năm 2026

QUYẾT ĐỊNH
Ban hành Kế hoạch cải cách hành chính nhà nước giai đoạn 2026–2030

THỦ TƯỚNG CHÍNH PHỦ

Căn cứ Luật Tổ chức Chính phủ;
Theo đề nghị của Bộ trưởng Bộ Nội vụ,

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính nhà nước giai đoạn 2026–2030.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký ban hành.

Nơi nhận:\tKT. THỦ TƯỚNG
- Các bộ, cơ quan ngang bộ;\tPHÓ THỦ TƯỚNG
- Lưu: VT.\t
\tTrần Văn Hòa

KẾ HOẠCH
CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC GIAI ĐOẠN 2026–2030
(Ban hành kèm theo Quyết định số 112/QĐ-TTg ngày 20 tháng 01 năm 2026 của Thủ tướng Chính phủ)

I. MỤC TIÊU
1. Mức độ hài lòng của người dân đạt 90% năm 2026 và 95% năm 2030.
II. NHIỆM VỤ
1. Hoàn thiện thể chế về tổ chức bộ máy hành chính nhà nước.
2. Đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình.
"""


def test_a_prime_minister_decision_issues_a_national_multi_year_plan() -> None:
    plan = parse_plan_text(PM_DECISION)
    info = plan.info
    assert (info.issuer, info.level) == ("Thủ tướng Chính phủ", PlanLevel.NATIONAL)
    assert info.title == "CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC GIAI ĐOẠN 2026–2030"
    assert (info.number, info.issued_on) == ("112/QĐ-TTg", date(2026, 1, 20))
    assert info.period == Span(date(2026, 1, 1), date(2030, 12, 31))
    assert info.decision is not None and info.decision.signer == Signer("Trần Văn Hòa", "Phó Thủ tướng")
    assert info.decision.title == "Ban hành Kế hoạch cải cách hành chính nhà nước giai đoạn 2026–2030"
    assert len(plan.tasks) == 2
    [ind] = plan.indicators
    assert [(y.year, y.target) for y in ind.targets_by_year] == [(2026, 90.0), (2030, 95.0)]


def test_a_decision_without_its_plan_still_names_the_plan_it_issues() -> None:
    only = DECISION.split("\nỦY BAN NHÂN DÂN\tCỘNG HÒA", 2)
    text = only[0] + "\nỦY BAN NHÂN DÂN\tCỘNG HÒA" + only[1]
    text = text.split("\n\nỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH LÀO CAI\tĐộc lập - Tự do - Hạnh phúc\n\nKẾ HOẠCH")[0]
    parts = split_decision(text)
    assert parts is not None and parts.plan == ""
    plan = parse_plan_text(text)
    assert plan.info.title == "Kế hoạch cải cách hành chính nhà nước tỉnh Lào Cai năm 2027"
    assert plan.info.period == Span(date(2027, 1, 1), date(2027, 12, 31))
    assert plan.info.decision is not None and plan.info.number == "41/QĐ-UBND"
    assert plan.tasks == []


def test_a_plan_that_only_cites_a_decision_is_not_a_decision() -> None:
    text = "KẾ HOẠCH\nCải cách hành chính năm 2026\n\nThực hiện Quyết định số 41/QĐ-UBND về việc ban hành Kế hoạch …\n"
    assert split_decision(text) is None
    assert parse_plan_info(text).decision is None


def _docx(path: Path, text: str) -> Path:
    """A Word file of `text`: the header rows as a two-column table, the rest as paragraphs."""
    doc = docx.Document()
    for block in text.split("\n\n"):
        lines = block.split("\n")
        if all("\t" in ln for ln in lines) and len(lines) <= 4:
            table = doc.add_table(rows=0, cols=2)
            for ln in lines:
                row = table.add_row().cells
                left, right = ln.split("\t", 1)
                row[0].text, row[1].text = left, right
        else:
            for ln in lines:
                doc.add_paragraph(ln)
    doc.save(str(path))
    return path


def test_a_word_file_of_a_decision_with_its_plan_reads_the_same(tmp_path: Path) -> None:
    plan = extract_file(_docx(tmp_path / "qd-41.docx", DECISION))
    data = plan_to_json(plan)
    assert data["plan"]["decision"]["number"] == "41/QĐ-UBND"
    assert data["plan"]["title"] == "Cải cách hành chính nhà nước tỉnh Lào Cai năm 2027"
    assert data["plan"]["level"] == "province"
    assert len(plan.tasks) == 2
