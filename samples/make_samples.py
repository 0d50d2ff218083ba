"""Write the sample plan of the fictional commune "UBND xã Hòa Bình" (Hải Phòng), as .docx, .txt and .json.

The plan is invented (names, numbers and references are made up) in the shape of a real commune PAR
plan: header, I. purposes, II. numeric targets, III. a Word task table with automatic numbering,
merged cells and a header row repeated on every page, IV. responsibilities.

Outputs, beside this script:
- ke-hoach-cchc-2026-xa-hoa-binh.docx   the Word document;
- ke-hoach-cchc-2026-xa-hoa-binh.txt    the same plan in the SourceDocument text layout;
- ke-hoach-cchc-2026-xa-hoa-binh.json   the expected extraction (cchc.plan/1).

Run: `.venv/bin/python samples/make_samples.py`
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
STEM = "ke-hoach-cchc-2026-xa-hoa-binh"
YEAR = 2026

ISSUER_LEFT = ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH", "Số: 15/KH-UBND"]
ISSUER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Hòa Bình, ngày 12 tháng 01 năm 2026"]
TITLE = "Cải cách hành chính nhà nước năm 2026 của xã Hòa Bình"
PREAMBLE = (
    "Căn cứ Kế hoạch số 318/KH-UBND ngày 22/12/2025 của Ủy ban nhân dân thành phố Hải Phòng về cải cách "
    "hành chính nhà nước năm 2026; căn cứ tình hình thực tế của địa phương, Ủy ban nhân dân xã Hòa Bình "
    "ban hành Kế hoạch cải cách hành chính nhà nước năm 2026 như sau:"
)

PURPOSES = [
    "Bảo đảm các nhiệm vụ cải cách hành chính của xã năm 2026 được triển khai đồng bộ, đúng tiến độ, gắn "
    "với chuyển đổi số và xây dựng chính quyền hai cấp phục vụ Nhân dân.",
    "Nâng cao Chỉ số cải cách hành chính (PAR INDEX), Chỉ số hài lòng của người dân, tổ chức đối với sự "
    "phục vụ của cơ quan hành chính nhà nước (SIPAS) của xã so với năm 2025.",
    "Lấy người dân, doanh nghiệp làm trung tâm; giảm thời gian đi lại, chi phí tuân thủ thủ tục hành chính "
    "cho người dân trên địa bàn xã.",
]
REQUIREMENTS = [
    "Người đứng đầu các phòng, đơn vị trực tiếp chỉ đạo và chịu trách nhiệm về kết quả cải cách hành chính "
    "trong phạm vi được giao.",
    "Các nhiệm vụ phải có sản phẩm cụ thể, được theo dõi, báo cáo hằng quý và là tiêu chí đánh giá, xếp "
    "loại cán bộ, công chức cuối năm.",
]


@dataclass
class Target:
    text: str
    name: str
    comparator: str
    target: float
    metric: str | None
    responsible: list[str]


TARGETS = [
    Target("Hoàn thành 100% nhiệm vụ đề ra trong Kế hoạch này đúng thời hạn.",
           "nhiệm vụ đề ra trong Kế hoạch này đúng thời hạn", "=", 100, "task_completion_rate", ["phong_vhxh"]),
    Target("Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn đạt từ 98% trở lên.",
           "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn", ">=", 98, "on_time_rate",
           ["tt_phvhcc"]),
    Target("Tỷ lệ hồ sơ được tiếp nhận và giải quyết trực tuyến đạt tối thiểu 80% tổng số hồ sơ.",
           "Tỷ lệ hồ sơ được tiếp nhận và giải quyết trực tuyến", ">=", 80, "online_rate", ["tt_phvhcc"]),
    Target("Tỷ lệ hồ sơ được xử lý hoàn toàn trực tuyến (toàn trình) đạt tối thiểu 60%.",
           "Tỷ lệ hồ sơ được xử lý hoàn toàn trực tuyến (toàn trình)", ">=", 60, "full_online_rate",
           ["tt_phvhcc"]),
    Target("Tỷ lệ thanh toán trực tuyến phí, lệ phí giải quyết thủ tục hành chính đạt từ 80% trở lên.",
           "Tỷ lệ thanh toán trực tuyến phí, lệ phí giải quyết thủ tục hành chính", ">=", 80,
           "online_payment_rate", ["tt_phvhcc"]),
    Target("Mức độ hài lòng của người dân, doanh nghiệp đối với việc giải quyết thủ tục hành chính đạt tối "
           "thiểu 95%.",
           "Mức độ hài lòng của người dân, doanh nghiệp đối với việc giải quyết thủ tục hành chính", ">=", 95,
           "satisfaction_rate", ["tt_phvhcc"]),
    Target("100% hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa theo quy định.",
           "hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa theo quy định", "=", 100,
           "digitization_rate", ["tt_phvhcc"]),
    Target("100% kết quả giải quyết thủ tục hành chính được cấp dưới dạng điện tử.",
           "kết quả giải quyết thủ tục hành chính được cấp dưới dạng điện tử", "=", 100, "e_result_rate",
           ["tt_phvhcc"]),
    Target("Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa đạt tối thiểu 50%.",
           "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa", ">=", 50, "data_reuse_rate", ["tt_phvhcc"]),
    Target("100% phản ánh, kiến nghị của người dân, doanh nghiệp được xử lý đúng hạn.",
           "phản ánh, kiến nghị của người dân, doanh nghiệp được xử lý đúng hạn", "=", 100,
           "feedback_on_time_rate", ["van_phong"]),
    Target("100% hồ sơ thủ tục hành chính được đồng bộ lên Cổng Dịch vụ công quốc gia.",
           "hồ sơ thủ tục hành chính được đồng bộ lên Cổng Dịch vụ công quốc gia", "=", 100, "portal_sync_rate",
           ["tt_phvhcc"]),
    Target("Kiểm tra công tác cải cách hành chính tối thiểu 30% cơ quan, đơn vị thuộc xã.",
           "Kiểm tra công tác cải cách hành chính cơ quan, đơn vị thuộc xã", ">=", 30, "inspection_coverage",
           ["phong_vhxh"]),
]

# Unit words as the document writes them → unit code.
UNITS = {
    "Phòng Văn hóa - Xã hội": "phong_vhxh",
    "Văn phòng HĐND và UBND": "van_phong",
    "Phòng Kinh tế": "phong_kinh_te",
    "Trung tâm Phục vụ hành chính công": "tt_phvhcc",
    "Trung tâm Dịch vụ sự nghiệp công": "tt_dvsnc",
    "Ủy ban MTTQ Việt Nam xã": "mttq",
    "Các phòng, đơn vị thuộc xã": "all_units",
    "Các cơ quan, đơn vị liên quan": "related_units",
    "UBND xã": "ubnd",
    "Công an xã": "other",
    "VNPT Hải Phòng": "other",
    "Bưu điện xã": "other",
}
VHXH, VP, KT, PVHCC, DVSNC = (
    "Phòng Văn hóa - Xã hội", "Văn phòng HĐND và UBND", "Phòng Kinh tế",
    "Trung tâm Phục vụ hành chính công", "Trung tâm Dịch vụ sự nghiệp công",
)
ALL, REL = "Các phòng, đơn vị thuộc xã", "Các cơ quan, đơn vị liên quan"


@dataclass
class Task:
    task: str
    lead: list[str]
    support: list[str]
    time: str
    output: str


AREAS: list[tuple[str, str, list[Task]]] = [
    ("direction", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", [
        Task("Xây dựng, ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2026", [VHXH], [VP],
             "Quý I/2026", "Kế hoạch kiểm tra"),
        Task("Kiểm tra việc thực hiện cải cách hành chính tại các phòng, đơn vị thuộc xã", [VHXH], [ALL],
             "Quý III/2026", "Thông báo kết luận kiểm tra"),
        Task("Tổ chức tuyên truyền về cải cách hành chính trên trang thông tin điện tử và hệ thống loa truyền "
             "thanh của xã", [DVSNC], [VHXH], "Thường xuyên", "Tin, bài tuyên truyền"),
        Task("Tổng hợp, báo cáo kết quả thực hiện cải cách hành chính định kỳ gửi Sở Nội vụ", [VHXH], [ALL],
             "Hằng quý", "Báo cáo quý, 6 tháng, năm"),
        Task("Tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2026 của xã", [VHXH], [ALL],
             "Theo hướng dẫn của Sở Nội vụ", "Báo cáo tự đánh giá kèm tài liệu kiểm chứng"),
    ]),
    ("institutions", "CẢI CÁCH THỂ CHẾ", [
        Task("Rà soát, hệ thống hóa văn bản quy phạm pháp luật do Hội đồng nhân dân, Ủy ban nhân dân xã ban "
             "hành", [VP], [ALL], "Trước 30/6/2026", "Báo cáo kết quả rà soát"),
        Task("Triển khai công tác theo dõi tình hình thi hành pháp luật trên địa bàn xã", [VP], [ALL],
             "Năm 2026", "Kế hoạch, báo cáo theo dõi thi hành pháp luật"),
        Task("Ban hành văn bản triển khai quy định mới của thành phố về phân cấp, ủy quyền cho cấp xã", [VP],
             [REL], "Khi có quy định, hướng dẫn của thành phố", "Văn bản triển khai"),
    ]),
    ("procedures", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", [
        Task("Công khai đầy đủ, kịp thời thủ tục hành chính tại Trung tâm Phục vụ hành chính công và trên "
             "Cổng Dịch vụ công", [PVHCC], [VP], "Thường xuyên", "Thủ tục hành chính được niêm yết, công khai"),
        Task("Rà soát, đề xuất đơn giản hóa thủ tục hành chính lĩnh vực hộ tịch, chứng thực, đất đai", [PVHCC],
             [KT, VHXH], "Quý II-III/2026", "Báo cáo rà soát, phương án đơn giản hóa"),
        Task("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính khi tiếp nhận", [PVHCC], [ALL],
             "Thường xuyên", "Hồ sơ, kết quả được số hóa"),
        Task("Hướng dẫn người dân nộp hồ sơ trực tuyến và thanh toán phí, lệ phí không dùng tiền mặt", [PVHCC],
             ["Bưu điện xã", "VNPT Hải Phòng"], "Thường xuyên", "Tỷ lệ hồ sơ trực tuyến tăng"),
        Task("Tiếp nhận, xử lý phản ánh, kiến nghị của người dân, doanh nghiệp về quy định hành chính", [VP],
             [PVHCC], "Thường xuyên", "Phản ánh, kiến nghị được xử lý đúng hạn"),
        Task("Khảo sát mức độ hài lòng của người dân đối với việc giải quyết thủ tục hành chính", [PVHCC],
             [VHXH], "Quý IV/2026", "Báo cáo kết quả khảo sát"),
    ]),
    ("organization", "CẢI CÁCH TỔ CHỨC BỘ MÁY", [
        Task("Rà soát chức năng, nhiệm vụ của các phòng, đơn vị thuộc Ủy ban nhân dân xã", [VHXH], [ALL],
             "Quý II/2026", "Quyết định quy định chức năng, nhiệm vụ"),
        Task("Thực hiện quản lý biên chế, vị trí việc làm theo kế hoạch được giao", [VHXH], [ALL],
             "Năm 2026", "Báo cáo biên chế, vị trí việc làm"),
        Task("Kiện toàn tổ chức, hoạt động của Trung tâm Dịch vụ sự nghiệp công", [VHXH], [DVSNC],
             "Theo lộ trình được phê duyệt", "Đề án kiện toàn"),
    ]),
    ("civil_service", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", [
        Task("Đánh giá, xếp loại cán bộ, công chức, viên chức theo kết quả thực hiện nhiệm vụ", [VHXH], [ALL],
             "Tháng 12/2026", "Kết quả đánh giá, xếp loại"),
        Task("Cử cán bộ, công chức tham gia bồi dưỡng kỹ năng chuyển đổi số và giao tiếp với người dân", [VHXH],
             [ALL], "Theo kế hoạch của thành phố", "Cán bộ, công chức được bồi dưỡng"),
        Task("Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính, văn hóa công vụ", [VHXH], [VP],
             "Hằng quý", "Thông báo kết quả kiểm tra"),
        Task("Triển khai cơ sở dữ liệu cán bộ, công chức, viên chức của xã", [VHXH], [DVSNC],
             "Trước 30/9/2026", "Dữ liệu được cập nhật đầy đủ"),
    ]),
    ("public_finance", "CẢI CÁCH TÀI CHÍNH CÔNG", [
        Task("Thực hiện cơ chế tự chủ tài chính của Trung tâm Dịch vụ sự nghiệp công", [KT], [DVSNC],
             "Năm 2026", "Phương án tự chủ tài chính"),
        Task("Công khai dự toán, quyết toán ngân sách xã theo quy định", [KT], [VP], "Theo quy định",
             "Dự toán, quyết toán được công khai"),
        Task("Rà soát, sửa đổi quy chế chi tiêu nội bộ, quy chế quản lý tài sản công", [KT], [ALL],
             "Quý I/2026", "Quy chế được ban hành"),
    ]),
    ("digital_government", "XÂY DỰNG, PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", [
        Task("Duy trì hệ thống quản lý văn bản và điều hành, chữ ký số trong xử lý văn bản", [VP], [ALL],
             "Thường xuyên", "Văn bản điện tử có ký số"),
        Task("Làm sạch, cập nhật dữ liệu dân cư, đất đai phục vụ giải quyết thủ tục hành chính", ["Công an xã"],
             [KT, PVHCC], "Trước 30/6/2026", "Dữ liệu được làm sạch, kết nối"),
        Task("Nâng cấp trang thiết bị của Trung tâm Phục vụ hành chính công", [KT], [PVHCC, "VNPT Hải Phòng"],
             "Quý II/2026", "Trang thiết bị được nâng cấp"),
        Task("Triển khai kế hoạch chuyển đổi số của thành phố trên địa bàn xã", [VHXH], [ALL],
             "Trong thời hạn 15 ngày kể từ ngày thành phố ban hành Kế hoạch", "Kế hoạch của xã"),
        Task("Bảo đảm an toàn thông tin mạng cho các hệ thống thông tin của xã", [VP], ["VNPT Hải Phòng"],
             "Thường xuyên", "Hệ thống vận hành an toàn"),
    ]),
]

# Vertical merges in the task table: (area index, first task, last task, column) — the cell is written once.
MERGES = [(3, 0, 2, 2), (4, 0, 1, 2), (2, 2, 4, 4)]
TABLE_HEADER = ["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian", "Kết quả/Sản phẩm"]

RESPONSIBILITIES = [
    (VHXH, "Là cơ quan thường trực, chủ trì theo dõi, đôn đốc, tổng hợp kết quả thực hiện Kế hoạch; chủ trì "
     "công tác chỉ đạo, điều hành, cải cách tổ chức bộ máy, cải cách chế độ công vụ.",
     ["direction", "organization", "civil_service"]),
    (VP, "Chủ trì cải cách thể chế; bảo đảm hạ tầng số, hệ thống quản lý văn bản và tiếp nhận phản ánh, kiến "
     "nghị.", ["institutions"]),
    (PVHCC, "Chủ trì cải cách thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông và các chỉ "
     "tiêu phục vụ người dân.", ["procedures"]),
    (KT, "Chủ trì cải cách tài chính công; bố trí kinh phí thực hiện Kế hoạch.", ["public_finance"]),
    (ALL, "Căn cứ Kế hoạch, xây dựng kế hoạch của đơn vị, báo cáo kết quả trước ngày 10 của tháng cuối quý "
     "gửi Phòng Văn hóa - Xã hội.", []),
]
CLOSING = [
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các phòng, đơn vị báo cáo Ủy ban nhân dân xã "
    "(qua Phòng Văn hóa - Xã hội) để xem xét, giải quyết./.",
]
SIGNATURE = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Minh Đức"]


# ---------------------------------------------------------------- Word numbering


def _abstract_num(abs_id: int, levels: list[tuple[str, str]], *, indent: bool = True) -> OxmlElement:
    an = OxmlElement("w:abstractNum")
    an.set(qn("w:abstractNumId"), str(abs_id))
    mlt = OxmlElement("w:multiLevelType")
    mlt.set(qn("w:val"), "multilevel" if len(levels) > 1 else "singleLevel")
    an.append(mlt)
    for ilvl, (fmt, text) in enumerate(levels):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text), ("w:lvlJc", "left")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), "0")
        ind.set(qn("w:firstLine"), "567" if indent else "0")
        ppr.append(ind)
        lvl.append(ppr)
        an.append(lvl)
    return an


class Numbering:
    """Adds list definitions to the document's numbering part and hands out numIds."""

    def __init__(self, document: docx.document.Document) -> None:
        self.root = document.part.numbering_part.element
        self.next_abs = 100
        self.next_num = 100

    def define(self, levels: list[tuple[str, str]], *, indent: bool = True) -> int:
        abs_id = self.next_abs
        self.next_abs += 1
        an = _abstract_num(abs_id, levels, indent=indent)
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(an)
        else:
            self.root.append(an)
        return abs_id

    def instance(self, abs_id: int, *, restart: bool = False) -> int:
        num_id = self.next_num
        self.next_num += 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(num_id))
        ref = OxmlElement("w:abstractNumId")
        ref.set(qn("w:val"), str(abs_id))
        num.append(ref)
        if restart:
            ov = OxmlElement("w:lvlOverride")
            ov.set(qn("w:ilvl"), "0")
            so = OxmlElement("w:startOverride")
            so.set(qn("w:val"), "1")
            ov.append(so)
            num.append(ov)
        self.root.append(num)
        return num_id


def _number(paragraph, num_id: int, ilvl: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    lvl = OxmlElement("w:ilvl")
    lvl.set(qn("w:val"), str(ilvl))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    num_pr.append(lvl)
    num_pr.append(nid)
    ppr.insert(0, num_pr) if ppr.find(qn("w:pStyle")) is None else ppr.find(qn("w:pStyle")).addnext(num_pr)


def _roman(n: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][n - 1]


# ---------------------------------------------------------------- the document and its text twin


class Builder:
    """Writes the .docx and, line by line, the same content in the SourceDocument text layout."""

    def __init__(self) -> None:
        self.doc = docx.Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin, section.right_margin = Cm(3), Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
        style = self.doc.styles["Normal"]
        style.font.name = "Times New Roman"
        style.font.size = Pt(13)
        self.lines: list[str] = []
        self.num = Numbering(self.doc)
        # outline list: "I." / "1." / "-" (three levels of one list, like a decree-30 plan)
        self.outline = self.num.instance(self.num.define([("upperRoman", "%1."), ("decimal", "%2."),
                                                          ("bullet", "-")]))
        self.counters = [0, 0]

    def para(self, text: str, *, bold: bool = False, center: bool = False, level: int | None = None) -> None:
        p = self.doc.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        label = ""
        if level is not None:
            _number(p, self.outline, level)
            if level == 0:
                self.counters = [self.counters[0] + 1, 0]
                label = _roman(self.counters[0]) + "."
            elif level == 1:
                self.counters[1] += 1
                label = f"{self.counters[1]}."
            else:
                label = "-"
        self.lines.append(f"{label} {text}" if label else text)

    def header_table(self) -> None:
        table = self.doc.add_table(rows=3, cols=2)
        for i, (left, right) in enumerate(zip(ISSUER_LEFT, ISSUER_RIGHT, strict=True)):
            for cell, text in ((table.cell(i, 0), left), (table.cell(i, 1), right)):
                cell.text = text
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                cell.paragraphs[0].runs[0].bold = i < 2
        self.lines += ["", *(f"{a}\t{b}" for a, b in zip(ISSUER_LEFT, ISSUER_RIGHT, strict=True)), ""]

    def task_table(self) -> None:
        """The task table: header row repeated on each page, area rows merged across, tasks numbered by Word."""
        roman = self.num.define([("upperRoman", "%1")], indent=False)
        roman_num = self.num.instance(roman)
        decimal = self.num.define([("decimal", "%1.")], indent=False)
        n_rows = 1 + sum(1 + len(tasks) for _, _, tasks in AREAS)
        table = self.doc.add_table(rows=n_rows, cols=len(TABLE_HEADER))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths = [Cm(1.5), Cm(4.8), Cm(2.6), Cm(2.6), Cm(2.0), Cm(2.5)]
        header = table.rows[0]
        trpr = header._tr.get_or_add_trPr()
        flag = OxmlElement("w:tblHeader")
        trpr.append(flag)
        for cell, text in zip(header.cells, TABLE_HEADER, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        self.lines += ["", "\t".join(TABLE_HEADER)]
        row = 1
        for a, (_code, area_title, tasks) in enumerate(AREAS):
            cells = table.rows[row].cells
            _number(cells[0].paragraphs[0], roman_num)
            merged = cells[1].merge(cells[-1])
            merged.text = area_title
            merged.paragraphs[0].runs[0].bold = True
            self.lines.append(f"{_roman(a + 1)}\t{area_title}")
            row += 1
            task_num = self.num.instance(decimal, restart=True)
            first_row = row
            written: list[list[str]] = []
            for t, task in enumerate(tasks):
                cells = table.rows[row].cells
                _number(cells[0].paragraphs[0], task_num)
                values = [task.task, "; ".join(task.lead), "; ".join(task.support), task.time, task.output]
                for col, value in enumerate(values, start=1):
                    cells[col].text = value
                written.append([f"{t + 1}.", *values])
                row += 1
            for area_i, first, last, col in MERGES:
                if area_i != a:
                    continue
                top = table.cell(first_row + first, col)
                keep = top.text
                merged = top.merge(table.cell(first_row + last, col))
                # python-docx joins the merged cells' paragraphs; keep the first value only
                for extra in merged.paragraphs[1:]:
                    extra._p.getparent().remove(extra._p)
                merged.paragraphs[0].runs[0].text = keep
                for r in range(first + 1, last + 1):
                    written[r][col] = ""
            self.lines += ["\t".join(w) for w in written]
        for r in table.rows:
            for cell, width in zip(r.cells, widths, strict=False):
                cell.width = width
        for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
            col.set(qn("w:w"), str(int(width.twips)))
        self.lines.append("")

    def build(self) -> None:
        self.header_table()
        self.para("KẾ HOẠCH", bold=True, center=True)
        self.para(TITLE, bold=True, center=True)
        self.para(PREAMBLE)
        self.para("MỤC ĐÍCH, YÊU CẦU", bold=True, level=0)
        self.para("Mục đích", bold=True, level=1)
        for text in PURPOSES:
            self.para(text, level=2)
        self.para("Yêu cầu", bold=True, level=1)
        for text in REQUIREMENTS:
            self.para(text, level=2)
        self.para("CHỈ TIÊU CHỦ YẾU NĂM 2026", bold=True, level=0)
        for target in TARGETS:
            self.para(target.text, level=1)
        self.para("NHIỆM VỤ, GIẢI PHÁP", bold=True, level=0)
        self.para("Các nhiệm vụ cụ thể, đơn vị chủ trì, phối hợp, thời gian và sản phẩm như sau:")
        self.task_table()
        self.para("TỔ CHỨC THỰC HIỆN", bold=True, level=0)
        for unit, text, _areas in RESPONSIBILITIES:
            self.para(unit, bold=True, level=1)
            self.para(text, level=2)
        for text in CLOSING:
            self.para(text)
        for text in SIGNATURE:
            self.para(text, bold=True, center=True)

    def text(self) -> str:
        out: list[str] = []
        for line in self.lines:
            if line == "" and (not out or out[-1] == ""):
                continue
            out.append(line)
        while out and out[-1] == "":
            out.pop()
        return "\n".join(out) + "\n"


# ---------------------------------------------------------------- expected extraction


def _unit(raw: str) -> dict:
    return {"unit": UNITS[raw], "raw": raw, "inferred": False}


def _inferred(code: str) -> dict:
    """A unit the targets section does not name, worked out from section IV (as the gold annotates it)."""
    raw = next(name for name, c in UNITS.items() if c == code)
    return {"unit": code, "raw": raw, "inferred": True}


def _timeline(raw: str) -> dict:
    t = {"raw": raw, "kind": "unspecified", "from": None, "to": None, "due": None, "every": None,
         "offset_days": None}
    quarters = {"I": ("01-01", "03-31"), "II": ("04-01", "06-30"), "III": ("07-01", "09-30"),
                "IV": ("10-01", "12-31")}
    if raw in ("Thường xuyên",):
        t["kind"] = "continuous"
    elif raw == "Hằng quý":
        t.update(kind="recurring", every="quarter")
    elif raw.startswith("Quý ") and "-" in raw:
        first, last = raw[4:].split("/")[0].split("-")
        t.update(kind="window", **{"from": f"{YEAR}-{quarters[first][0]}", "to": f"{YEAR}-{quarters[last][1]}",
                                  "due": f"{YEAR}-{quarters[last][1]}"})
    elif raw.startswith("Quý "):
        q = raw[4:].split("/")[0]
        t.update(kind="deadline", due=f"{YEAR}-{quarters[q][1]}")
    elif raw.startswith("Trước "):
        d, m, y = raw[6:].split("/")
        t.update(kind="deadline", due=f"{y}-{int(m):02d}-{int(d):02d}")
    elif raw == "Tháng 12/2026":
        t.update(kind="deadline", due="2026-12-31")
    elif raw == "Năm 2026":
        t.update(kind="deadline", due="2026-12-31")
    elif raw.startswith("Khi có"):
        t["kind"] = "conditional"
    elif raw.startswith("Trong thời hạn"):
        t.update(kind="relative", offset_days=15)
    elif raw.startswith("Theo"):
        t["kind"] = "scheduled"
    return t


def expected() -> dict:
    period = {"from": f"{YEAR}-01-01", "to": f"{YEAR}-12-31"}
    indicators = [
        {"ref": f"II.{i}", "name": t.name, "unit": "%", "comparator": t.comparator, "target": t.target,
         "period": period, "responsible": [_inferred(code) for code in t.responsible], "metric": t.metric}
        for i, t in enumerate(TARGETS, start=1)
    ]
    tasks = []
    for a, (code, _title, area_tasks) in enumerate(AREAS):
        for t, task in enumerate(area_tasks, start=1):
            tasks.append({
                "ref": f"{_roman(a + 1)}.{t}", "origin": "table", "area": code, "objective": None,
                "task": task.task, "activity": None, "output": task.output,
                "lead": [_unit(u) for u in task.lead], "support": [_unit(u) for u in task.support],
                "timeline": _timeline(task.time), "funding": None,
            })
    return {
        "schema": "cchc.plan/1",
        "source": {"file": f"{STEM}.docx"},
        "plan": {"title": TITLE, "issuer": "UBND xã Hòa Bình", "number": "15/KH-UBND",
                 "issued_on": "2026-01-12", "period": period},
        "indicators": indicators,
        "tasks": tasks,
        "responsibilities": [{"unit": _unit(u), "areas": areas} for u, _text, areas in RESPONSIBILITIES],
    }


def main(out_dir: Path = HERE) -> list[Path]:
    """Write the sample files into `out_dir` and return their paths."""
    builder = Builder()
    builder.build()
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{STEM}.docx", out_dir / f"{STEM}.txt", out_dir / f"{STEM}.json"]
    builder.doc.core_properties.title = f"Kế hoạch {TITLE}"
    builder.doc.core_properties.author = "UBND xã Hòa Bình"
    builder.doc.save(paths[0])
    paths[1].write_text(builder.text(), encoding="utf-8")
    paths[2].write_text(json.dumps(expected(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return paths


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        sys.stdout.write(f"{path}\n")
