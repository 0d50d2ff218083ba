"""Held-out PAR plans for the extractor: four invented documents and their hand-made gold.

The extractor was tuned on the five seed plans of the reference data (seeds/). These documents are NOT
seeds: invented communes/wards, other section numbering, other table columns, other unit
names and other timeline phrasings, written the way real plans vary.

  h1_phuong_van_xuan_2027       ward annual PAR plan 2027; task table "TT | Nội dung công việc |
                                Cơ quan chủ trì | Cơ quan phối hợp | Sản phẩm | Thời gian hoàn thành |
                                Ghi chú"; also as .docx with a real Word table (two-level header,
                                merged cells, multi-paragraph cells)
  h2_xa_phu_my_dong_2026        commune narrative-only plan 2026 (no task table)
  h3_phuong_binh_khe_tthc_6t_2027  TTHC-reform plan for 6 months, indicator table
                                "STT | Chỉ tiêu | Chỉ tiêu năm 2027 | Đơn vị chủ trì"
  h4_xa_phu_my_dong_2026_ocr    h2 passed through an OCR-like degradation
  h5_xa_tan_lap_tay_2027        commune table plan 2027 (time before product, areas numbered 1..7,
                                rows 1.1, 1.2; targets as "label: value"), written and scored blind
                                after the first four had been seen by the parser work (see the doc)

Each document is written here once, as data: the document's words plus, for every task row /
item and every target, the annotation made by hand (area, unit codes, timeline kind and dates,
comparator, metric...). Rendering the text and the gold from the same data keeps the gold's
task texts identical to the document's words; the annotations themselves are not computed.

Run `python tests/extract/heldout/make_heldout.py` to (re)write the .txt, .json and .docx files
beside this script. `build_docx(path)` is used by the tests to write the .docx into tmp_path.
"""

from __future__ import annotations

import json
import random
import re
import textwrap
import unicodedata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


# ---------------------------------------------------------------- annotation helpers
def U(code: str, raw: str, inferred: bool = False) -> dict[str, Any]:
    return {"unit": code, "raw": raw, "inferred": inferred}


def TL(raw: str | None, kind: str, frm: str | None = None, to: str | None = None,
       due: str | None = None, every: str | None = None, off: int | None = None) -> dict[str, Any]:
    return {"raw": raw, "kind": kind, "from": frm, "to": to, "due": due, "every": every, "offset_days": off}


def CONT(raw: str = "Thường xuyên") -> dict[str, Any]:
    return TL(raw, "continuous")


def DL(raw: str, due: str) -> dict[str, Any]:
    return TL(raw, "deadline", due=due)


def WIN(raw: str, frm: str, to: str) -> dict[str, Any]:
    return TL(raw, "window", frm=frm, to=to, due=to)


def REC(raw: str, every: str | None) -> dict[str, Any]:
    return TL(raw, "recurring", every=every)


NONE_TL = TL(None, "unspecified")


def period(frm: str, to: str) -> dict[str, str]:
    return {"from": frm, "to": to}


def ind(ref: str | None, name: str, unit: str | None, comp: str, target: float,
        per: dict[str, str], resp: list[dict[str, Any]], metric: str | None) -> dict[str, Any]:
    return {"ref": ref, "name": name, "unit": unit, "comparator": comp, "target": target,
            "period": per, "responsible": resp, "metric": metric}


def task(ref: str | None, origin: str, area: str, text: str, *, lead: list, support: list | None = None,
         timeline: dict | None = None, output: str | None = None, objective: str | None = None) -> dict[str, Any]:
    return {"ref": ref, "origin": origin, "area": area, "objective": objective, "task": text,
            "activity": None, "output": output, "lead": lead, "support": support or [],
            "timeline": timeline or NONE_TL, "funding": None}


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# ====================================================================== H1 (a)
# Ward annual PAR plan 2027, task table in an appendix.
H1 = "h1_phuong_van_xuan_2027"
Y27 = period("2027-01-01", "2027-12-31")

A_VHXH = U("phong_vhxh", "Phòng Văn hóa - Xã hội")
A_VP = U("van_phong", "Văn phòng HĐND và UBND phường")
A_KT = U("phong_kinh_te", "Phòng Kinh tế, Hạ tầng và Đô thị")
A_PV = U("tt_phvhcc", "Trung tâm Phục vụ hành chính công phường")
A_SN = U("tt_dvsnc", "Trung tâm Dịch vụ sự nghiệp công phường")
A_ALL = U("all_units", "Các phòng, đơn vị thuộc phường")
A_REL = U("related_units", "Các cơ quan, đơn vị liên quan")
A_MT = U("mttq", "Ủy ban MTTQ Việt Nam phường")
A_CA = U("other", "Công an phường")

H1_HEAD = """ỦY BAN NHÂN DÂN	CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHƯỜNG VẠN XUÂN	Độc lập - Tự do - Hạnh phúc

Số: 12/KH-UBND	Vạn Xuân, ngày 08 tháng 01 năm 2027
"""

H1_BODY = """KẾ HOẠCH
Cải cách hành chính nhà nước phường Vạn Xuân năm 2027

Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030; Quyết định số 2150/QĐ-UBND ngày 22/12/2026 của Ủy ban nhân dân thành phố ban hành Kế hoạch cải cách hành chính nhà nước năm 2027; căn cứ tình hình thực tế của địa phương, Ủy ban nhân dân phường Vạn Xuân ban hành Kế hoạch cải cách hành chính (CCHC) năm 2027 với những nội dung sau:

I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích

- Triển khai đồng bộ, hiệu quả các nhiệm vụ cải cách hành chính năm 2027 trên địa bàn phường; gắn cải cách hành chính với chuyển đổi số và xây dựng chính quyền địa phương hai cấp phục vụ Nhân dân.

- Khắc phục những tồn tại, hạn chế trong công tác cải cách hành chính năm 2026; cải thiện thứ hạng Chỉ số cải cách hành chính và Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) của phường.

2. Yêu cầu

- Xác định rõ nhiệm vụ, sản phẩm, thời hạn hoàn thành và trách nhiệm của từng cơ quan, đơn vị; người đứng đầu chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân phường về kết quả thực hiện.

- Bám sát chỉ đạo của Ủy ban nhân dân thành phố và hướng dẫn của Sở Nội vụ; bảo đảm tiết kiệm, thiết thực, tránh hình thức.

II. CHỈ TIÊU CHỦ YẾU NĂM 2027

1. Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn đạt từ 98% trở lên.

2. Phấn đấu mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước phường đạt trên 92%.

3. 100% phản ánh, kiến nghị của người dân, doanh nghiệp về quy định hành chính được tiếp nhận, xử lý đúng thời hạn.

4. Tỷ lệ thanh toán trực tuyến trong giải quyết thủ tục hành chính đạt tối thiểu 60%.

5. Tự kiểm tra công tác cải cách hành chính ít nhất 40% cơ quan, đơn vị thuộc phường.

6. Hoàn thành 100% nhiệm vụ tại Phụ lục kèm theo Kế hoạch này đúng thời hạn.

7. 100% hồ sơ, kết quả giải quyết TTHC được số hóa, ký số và lưu trữ điện tử.

(Trung tâm Phục vụ hành chính công phường theo dõi, đánh giá các chỉ tiêu 1, 2, 3, 4 và 7; Phòng Văn hóa - Xã hội theo dõi, đánh giá các chỉ tiêu 5 và 6)

III. NHIỆM VỤ VÀ GIẢI PHÁP

Các nhiệm vụ cụ thể, cơ quan chủ trì, phối hợp, sản phẩm và thời hạn hoàn thành được phân công tại Phụ lục kèm theo Kế hoạch này. Các cơ quan, đơn vị tập trung vào mấy giải pháp sau:

- Nâng cao trách nhiệm người đứng đầu trong chỉ đạo, điều hành công tác cải cách hành chính.

- Gắn kết quả thực hiện nhiệm vụ cải cách hành chính với đánh giá, xếp loại và thi đua, khen thưởng cuối năm.

IV. KINH PHÍ

Kinh phí thực hiện Kế hoạch được bố trí từ dự toán ngân sách phường năm 2027 và các nguồn hợp pháp khác theo quy định.

V. TỔ CHỨC THỰC HIỆN

1. Phòng Văn hóa - Xã hội

Là cơ quan thường trực về cải cách hành chính của phường; chủ trì tham mưu công tác chỉ đạo, điều hành, kiểm tra, tuyên truyền cải cách hành chính; chủ trì thực hiện các nội dung cải cách tổ chức bộ máy và xây dựng đội ngũ cán bộ, công chức, viên chức; tổng hợp, báo cáo kết quả thực hiện Kế hoạch.

2. Văn phòng HĐND và UBND phường

Chủ trì thực hiện các nhiệm vụ xây dựng và hoàn thiện thể chế; chủ trì thực hiện chuyển đổi số, xây dựng chính quyền số của phường.

3. Phòng Kinh tế, Hạ tầng và Đô thị

Chủ trì tham mưu thực hiện đổi mới cơ chế quản lý tài chính công; hướng dẫn lập dự toán kinh phí cải cách hành chính.

4. Trung tâm Phục vụ hành chính công phường

Chủ trì thực hiện cải cách thủ tục hành chính, cơ chế một cửa, một cửa liên thông; theo dõi các chỉ tiêu về giải quyết thủ tục hành chính.

5. Trung tâm Dịch vụ sự nghiệp công phường

Phối hợp xây dựng chuyên mục, tin bài tuyên truyền cải cách hành chính trên hệ thống truyền thanh và Trang thông tin điện tử phường.

6. Đề nghị Ủy ban MTTQ Việt Nam phường và các tổ chức chính trị - xã hội

Tăng cường tuyên truyền, vận động và giám sát việc thực hiện cải cách hành chính trên địa bàn.

Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị báo cáo Ủy ban nhân dân phường (qua Phòng Văn hóa - Xã hội) để xem xét, giải quyết./.

Nơi nhận:
- UBND thành phố;
- Sở Nội vụ;
- TT Đảng ủy, TT HĐND phường;
- Các phòng, đơn vị thuộc phường;
- Lưu: VT, VHXH.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Thị Hồng Nhung
"""

H1_APPX_TITLE = """PHỤ LỤC
DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2027 CỦA PHƯỜNG VẠN XUÂN
(Kèm theo Kế hoạch số 12/KH-UBND ngày 08/01/2027 của Ủy ban nhân dân phường Vạn Xuân)
"""

H1_COLS = ["TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm",
           "Thời gian hoàn thành", "Ghi chú"]

# A row: (no, task, lead units, lead separator, support units, support separator, output, timeline, note)
# separator "\n" = one unit per line in the cell (its own paragraph in Word; in the .txt the further
# units fall on continuation lines with the other cells blank, as a PDF/Word-to-text export gives).
H1_SECTIONS: list[tuple[str, str, str, list[tuple]]] = [
    ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH VÀ TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH", "direction", [
        ("1", "Ban hành Kế hoạch cải cách hành chính, Kế hoạch tuyên truyền cải cách hành chính năm 2027 của phường",
         [A_VHXH], "; ", [A_ALL], "; ", "Kế hoạch", DL("Tháng 01/2027", "2027-01-31"), ""),
        ("2", "Ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2027; tổ chức kiểm tra tại các cơ quan, đơn vị",
         [A_VHXH], "; ", [A_VP, A_PV], "; ", "Kế hoạch; Báo cáo kết quả kiểm tra",
         REC("Quý II, Quý IV", None), "Kiểm tra 2 đợt"),
        ("3", "Xây dựng báo cáo cải cách hành chính định kỳ quý, 6 tháng, năm gửi Sở Nội vụ",
         [A_VHXH], "; ", [A_ALL], "; ", "Báo cáo", REC("Trước ngày 15 của tháng cuối quý", "quarter"), ""),
        ("4", "Tổ chức tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2027 của phường",
         [A_VHXH], "; ", [A_ALL], "; ", "Báo cáo tự đánh giá, tài liệu kiểm chứng",
         DL("Trước ngày 15/11/2027", "2027-11-15"), ""),
        ("5", "Tuyên truyền cải cách hành chính trên Trang thông tin điện tử phường, hệ thống truyền thanh cơ sở và mạng xã hội",
         [A_SN], "; ", [A_VHXH, A_MT], "\n", "Tin, bài, chuyên mục", REC("Hằng tháng", "month"), ""),
        ("6", "Tổ chức khảo sát, đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính phường",
         [A_PV], "; ", [A_VHXH], "; ", "Báo cáo kết quả khảo sát", DL("Quý III/2027", "2027-09-30"), ""),
    ]),
    ("II", "XÂY DỰNG VÀ HOÀN THIỆN THỂ CHẾ", "institutions", [
        ("1", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do Hội đồng nhân dân, Ủy ban nhân dân phường ban hành",
         [A_VP], "; ", [A_ALL], "; ", "Quyết định công bố kết quả rà soát",
         WIN("6 tháng đầu năm", "2027-01-01", "2027-06-30"), ""),
        ("2", "Theo dõi tình hình thi hành pháp luật trên địa bàn phường năm 2027",
         [A_VP], "; ", [A_REL], "; ", "Kế hoạch; Báo cáo", TL("Theo kế hoạch của UBND thành phố", "scheduled"), ""),
        ("3", "Tổ chức phổ biến, giáo dục pháp luật cho cán bộ, công chức và Nhân dân",
         [A_VP], "; ", [A_MT, U("mttq", "các đoàn thể")], "; ", "Hội nghị, tài liệu", CONT(), ""),
    ]),
    ("III", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH VÀ THỰC HIỆN CƠ CHẾ MỘT CỬA, MỘT CỬA LIÊN THÔNG", "procedures", [
        ("1", "Cập nhật, công khai kịp thời danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của phường",
         [A_PV], "; ", [A_ALL], "; ", "Danh mục thủ tục hành chính được công khai",
         TL("Ngay sau khi có Quyết định công bố của Chủ tịch UBND thành phố", "conditional"), ""),
        ("2", "Rà soát, đề xuất phương án đơn giản hóa thủ tục hành chính trong các lĩnh vực hộ tịch, chứng thực, đất đai",
         [A_PV], "; ", [A_KT, A_VP], ", ", "Báo cáo, phương án đơn giản hóa", DL("Quý II/2027", "2027-06-30"), ""),
        ("3", "Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính",
         [A_PV], "; ", [A_ALL], "; ", "Văn bản trả lời", CONT(), ""),
        ("4", "Triển khai mô hình “Chủ nhật hỗ trợ dịch vụ công trực tuyến” tại Trung tâm Phục vụ hành chính công phường",
         [A_PV], "; ", [U("mttq", "Đoàn Thanh niên Cộng sản Hồ Chí Minh phường")], "; ", "Mô hình được duy trì",
         WIN("Từ tháng 3/2027 đến tháng 12/2027", "2027-03-01", "2027-12-31"), ""),
        ("5", "Thực hiện xin lỗi người dân, tổ chức khi để hồ sơ thủ tục hành chính quá hạn giải quyết",
         [A_ALL], "; ", [A_PV], "; ", "Văn bản xin lỗi", TL("Khi phát sinh hồ sơ quá hạn", "conditional"), ""),
    ]),
    ("IV", "SẮP XẾP, KIỆN TOÀN TỔ CHỨC BỘ MÁY", "organization", [
        ("1", "Rà soát, kiện toàn chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của các phòng chuyên môn thuộc Ủy ban nhân dân phường",
         [A_VHXH], "; ", [A_ALL], "; ", "Quyết định quy định chức năng, nhiệm vụ", DL("Quý I/2027", "2027-03-31"), ""),
        ("2", "Xây dựng, điều chỉnh Đề án vị trí việc làm của các cơ quan, đơn vị thuộc phường",
         [A_VHXH], "; ", [A_ALL], "; ", "Đề án vị trí việc làm được phê duyệt",
         TL("Theo hướng dẫn của Sở Nội vụ", "scheduled"), ""),
    ]),
    ("V", "XÂY DỰNG ĐỘI NGŨ CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC", "civil_service", [
        ("1", "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức theo kết quả, sản phẩm cụ thể",
         [A_VHXH], "; ", [A_ALL], "; ", "Kết quả đánh giá, xếp loại", REC("Hằng quý", "quarter"), ""),
        ("2", "Cử cán bộ, công chức tham gia bồi dưỡng kỹ năng số, kỹ năng giải quyết thủ tục hành chính",
         [A_VHXH], "; ", [A_VP, A_PV], "\n", "Danh sách học viên, chứng chỉ",
         TL("Theo kế hoạch của Sở Nội vụ", "scheduled"), ""),
        ("3", "Kiểm tra công vụ, việc chấp hành kỷ luật, kỷ cương hành chính của cán bộ, công chức",
         [U("ubnd", "Chủ tịch UBND phường")], "; ", [A_VHXH], "; ", "Thông báo kết luận kiểm tra",
         REC("Định kỳ và đột xuất", None), ""),
    ]),
    ("VI", "ĐỔI MỚI CƠ CHẾ QUẢN LÝ TÀI CHÍNH CÔNG", "public_finance", [
        ("1", "Xây dựng, ban hành Quy chế chi tiêu nội bộ, quy chế quản lý, sử dụng tài sản công năm 2027",
         [A_KT], "; ", [A_VP], "; ", "Quy chế chi tiêu nội bộ", DL("Tháng 02/2027", "2027-02-28"), ""),
        ("2", "Công khai dự toán, quyết toán ngân sách phường theo quy định",
         [A_KT], "; ", [A_VP], "; ", "Văn bản công khai",
         TL("Trong thời hạn 30 ngày kể từ ngày dự toán được HĐND phường quyết định", "relative", off=30), ""),
        ("3", "Giao quyền tự chủ tài chính cho đơn vị sự nghiệp công lập thuộc phường",
         [A_KT], "; ", [A_SN], "; ", "Quyết định giao quyền tự chủ", DL("Quý I/2027", "2027-03-31"), ""),
    ]),
    ("VII", "CHUYỂN ĐỔI SỐ, XÂY DỰNG CHÍNH QUYỀN SỐ", "digital_government", [
        ("1", "Duy trì Hệ thống quản lý văn bản và điều hành; gửi, nhận văn bản điện tử có ký số",
         [A_VP], "; ", [A_ALL], "; ", "Văn bản điện tử được ký số", CONT(), ""),
        ("2", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính; làm sạch dữ liệu hộ tịch",
         [A_PV, A_VP], "; ", [A_CA], "; ", "Dữ liệu được số hóa, làm sạch",
         WIN("6 tháng đầu năm", "2027-01-01", "2027-06-30"), ""),
        ("3", "Triển khai các nhiệm vụ của Đề án 06 năm 2027 trên địa bàn phường",
         [A_CA], "; ", [A_VP, A_PV], "\n", "Báo cáo kết quả", REC("Hằng tháng", "month"), ""),
        ("4", "Duy trì, cải tiến Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015",
         [A_VP], "; ", [A_ALL], "; ", "Quyết định công bố Hệ thống quản lý chất lượng", DL("Năm 2027", "2027-12-31"), ""),
        ("5", "Duy trì Tổ công nghệ số cộng đồng hướng dẫn người dân sử dụng dịch vụ công trực tuyến",
         [U("mttq", "Đoàn Thanh niên phường")], "; ", [U("other", "Tổ công nghệ số cộng đồng các khu phố")], "; ",
         "Người dân được hướng dẫn", DL("Tháng 6/2027", "2027-06-30"), ""),
    ]),
]
# the row whose task text continues after a page break (table header repeated), as in a PDF export
H1_PAGE_BREAK_IN = ("III", "2")


def _h1_gold() -> dict[str, Any]:
    resp_pv = [U("tt_phvhcc", "Trung tâm Phục vụ hành chính công phường")]
    resp_vh = [U("phong_vhxh", "Phòng Văn hóa - Xã hội")]
    inds = [
        ind("1", "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn", "%", ">=", 98, Y27,
            resp_pv, "on_time_rate"),
        ind("2", "mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước phường",
            "%", ">", 92, Y27, resp_pv, "satisfaction_rate"),
        ind("3", "phản ánh, kiến nghị của người dân, doanh nghiệp về quy định hành chính được tiếp nhận, xử lý đúng thời hạn",
            "%", "=", 100, Y27, resp_pv, "feedback_on_time_rate"),
        ind("4", "Tỷ lệ thanh toán trực tuyến trong giải quyết thủ tục hành chính", "%", ">=", 60, Y27, resp_pv,
            "online_payment_rate"),
        ind("5", "Tự kiểm tra công tác cải cách hành chính cơ quan, đơn vị thuộc phường", "%", ">=", 40, Y27, resp_vh,
            "inspection_coverage"),
        ind("6", "Hoàn thành nhiệm vụ tại Phụ lục kèm theo Kế hoạch này đúng thời hạn", "%", "=", 100, Y27, resp_vh,
            "task_completion_rate"),
        ind("7", "hồ sơ, kết quả giải quyết TTHC được số hóa, ký số và lưu trữ điện tử", "%", "=", 100, Y27, resp_pv,
            "digitization_rate"),
    ]
    tasks = []
    for sec, _title, area, rows in H1_SECTIONS:
        for no, text, lead, _ls, sup, _ss, out, tl, _note in rows:
            tasks.append(task(f"{sec}.{no}", "table", area, text, lead=lead, support=sup, timeline=tl, output=out))
    resps = [
        {"unit": A_VHXH, "areas": ["direction", "organization", "civil_service"]},
        {"unit": A_VP, "areas": ["institutions", "digital_government"]},
        {"unit": A_KT, "areas": ["public_finance"]},
        {"unit": A_PV, "areas": ["procedures"]},
        {"unit": A_SN, "areas": []},
        {"unit": U("mttq", "Ủy ban MTTQ Việt Nam phường và các tổ chức chính trị - xã hội"), "areas": []},
    ]
    return {
        "schema": "cchc.plan/1",
        "source": {"file": H1 + ".txt"},
        "plan": {"title": "Cải cách hành chính nhà nước phường Vạn Xuân năm 2027", "issuer": "UBND phường Vạn Xuân",
                 "number": "12/KH-UBND", "issued_on": "2027-01-08", "period": Y27},
        "indicators": inds, "tasks": tasks, "responsibilities": resps,
    }


def _cell(units: list[dict], sep: str) -> list[str]:
    """The cell's lines (one line unless the separator is a line break)."""
    raws = [u["raw"] for u in units]
    return raws if sep == "\n" else [sep.join(raws)]


def _h1_txt() -> str:
    out = [H1_HEAD, H1_BODY, "", H1_APPX_TITLE, "\t".join(H1_COLS)]
    for sec, title, _area, rows in H1_SECTIONS:
        out.append("\t".join([sec, title] + [""] * 5))
        for no, text, lead, ls, sup, ss, outp, tl, note in rows:
            lead_l, sup_l = _cell(lead, ls), _cell(sup, ss)
            tl_txt = tl["raw"] or ""
            if (sec, no) == H1_PAGE_BREAK_IN:
                # the row is cut by a page break: its first words, the repeated header, then the rest
                words = text.split()
                cut = len(words) * 3 // 5
                out.append("\t".join([no, " ".join(words[:cut]), lead_l[0], sup_l[0], outp, tl_txt, note]))
                out.append("")
                out.append("\t".join(H1_COLS))
                out.append("\t".join(["", " ".join(words[cut:]), "", "", "", "", ""]))
                continue
            out.append("\t".join([no, text, lead_l[0], sup_l[0], outp, tl_txt, note]))
            for k in range(1, max(len(lead_l), len(sup_l))):
                out.append("\t".join(["", "", lead_l[k] if k < len(lead_l) else "",
                                      sup_l[k] if k < len(sup_l) else "", "", "", ""]))
    return nfc("\n".join(out) + "\n")


def build_docx(path: Path, two_level_header: bool = True, merge_lead: bool = True) -> Path:
    """The H1 plan as a Word file: body paragraphs, a borderless header table, and the appendix as a
    real table with a two-level header (merged cells), section rows merged across the row, the lead
    cell merged down over rows with the same lead, and units on separate paragraphs in one cell."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    head = [line.split("\t") for line in H1_HEAD.strip("\n").split("\n")]
    t0 = doc.add_table(rows=0, cols=2)
    for cells in head:
        row = t0.add_row().cells
        row[0].text = cells[0] if cells else ""
        row[1].text = cells[1] if len(cells) > 1 else ""
    for para in H1_BODY.split("\n"):
        if not para.strip():
            continue
        p = doc.add_paragraph()
        run = p.add_run(para)
        if re.match(r"^(KẾ HOẠCH|[IVX]+\.\s|TM\.|CHỦ TỊCH)", para):
            run.bold = True
    new_sec = doc.add_section()
    new_sec.orientation = WD_ORIENT.LANDSCAPE
    new_sec.page_width, new_sec.page_height = new_sec.page_height, new_sec.page_width
    for para in H1_APPX_TITLE.strip().split("\n"):
        doc.add_paragraph().add_run(para).bold = para.isupper()
    n_head = 2 if two_level_header else 1
    n_rows = n_head + sum(1 + len(rows) for *_x, rows in H1_SECTIONS)
    table = doc.add_table(rows=n_rows, cols=7)
    table.style = "Table Grid"
    if two_level_header:
        # two-level header: "Cơ quan thực hiện" over "Chủ trì" | "Phối hợp"
        h0, h1 = table.rows[0].cells, table.rows[1].cells
        for col, label in [(0, "TT"), (1, "Nội dung công việc"), (4, "Sản phẩm"), (5, "Thời gian hoàn thành"),
                           (6, "Ghi chú")]:
            merged = h0[col].merge(h1[col])
            merged.text = label
        top = h0[2].merge(h0[3])
        top.text = "Cơ quan thực hiện"
        h1[2].text = "Chủ trì"
        h1[3].text = "Phối hợp"
    else:
        for col, label in enumerate(H1_COLS):
            table.rows[0].cells[col].text = label
    r = n_head
    for sec, title, _area, rows in H1_SECTIONS:
        cells = table.rows[r].cells
        cells[0].text = sec
        span = cells[1].merge(cells[6])
        span.text = title
        r += 1
        first_row_of_run, run_lead = r, None
        for idx, (no, text, lead, ls, sup, ss, outp, tl, note) in enumerate(rows):
            c = table.rows[r].cells
            c[0].text = no
            c[1].text = text
            lead_txt = "; ".join(u["raw"] for u in lead) if ls != "\n" else "\n".join(u["raw"] for u in lead)
            # merge the lead cell down over consecutive rows with the same lead
            if merge_lead and run_lead == lead_txt and idx > 0:
                merged = table.cell(first_row_of_run, 2).merge(table.cell(r, 2))
                merged.text = lead_txt
            else:
                first_row_of_run, run_lead = r, lead_txt
                c[2].text = lead_txt
            _fill_lines(c[3], _cell(sup, ss))
            c[4].text = outp
            c[5].text = tl["raw"] or ""
            c[6].text = note
            r += 1
    doc.save(str(path))
    return path


def _fill_lines(cell: Any, lines: list[str]) -> None:
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


# ====================================================================== H2 (b)
# Commune narrative-only plan 2026.
H2 = "h2_xa_phu_my_dong_2026"
Y26 = period("2026-01-01", "2026-12-31")

B_VHXH = U("phong_vhxh", "Phòng Văn hóa - Xã hội", True)
B_VP = U("van_phong", "Văn phòng HĐND và UBND xã", True)
B_PV = U("tt_phvhcc", "Trung tâm Phục vụ hành chính công xã", True)
B_KT = U("phong_kinh_te", "Phòng Kinh tế", True)

H2_HEAD = """ỦY BAN NHÂN DÂN
XÃ PHÚ MỸ ĐÔNG
Số: 09/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Phú Mỹ Đông, ngày 20 tháng 01 năm 2026

KẾ HOẠCH
Cải cách hành chính năm 2026

Thực hiện Quyết định số 3318/QĐ-UBND ngày 26/12/2025 của Ủy ban nhân dân tỉnh ban hành Kế hoạch cải cách hành chính nhà nước tỉnh năm 2026; Nghị quyết số 14/NQ-ĐU ngày 05/01/2026 của Đảng ủy xã về phương hướng, nhiệm vụ năm 2026, Ủy ban nhân dân xã Phú Mỹ Đông ban hành Kế hoạch cải cách hành chính năm 2026 như sau:

I. MỤC ĐÍCH, YÊU CẦU VÀ CHỈ TIÊU

1. Mục đích

- Thực hiện có hiệu quả các nhiệm vụ cải cách hành chính năm 2026; xây dựng nền hành chính của xã phục vụ Nhân dân, công khai, minh bạch, chuyên nghiệp.

- Nâng cao chất lượng phục vụ người dân, tổ chức tại Trung tâm Phục vụ hành chính công xã; cải thiện Chỉ số cải cách hành chính và Chỉ số hài lòng của người dân.

2. Yêu cầu

- Các cơ quan, đơn vị xác định cải cách hành chính là nhiệm vụ trọng tâm, thường xuyên; cụ thể hóa nhiệm vụ thành sản phẩm, có thời hạn và người chịu trách nhiệm.

- Tăng cường phối hợp giữa các cơ quan, đơn vị và với Ủy ban Mặt trận Tổ quốc Việt Nam xã trong tuyên truyền, giám sát.

3. Chỉ tiêu

- Mức độ hài lòng của người dân, tổ chức đối với việc giải quyết thủ tục hành chính đạt tối thiểu 90%.

- Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn trên 95%.

- 100% hồ sơ thủ tục hành chính được số hóa khi tiếp nhận.

- Thời gian giải quyết hồ sơ thủ tục hành chính trực tuyến giảm ít nhất 20% so với hình thức nộp trực tiếp.

- 100% cán bộ, công chức xã được bồi dưỡng kỹ năng số cơ bản.

II. NHIỆM VỤ TRỌNG TÂM
"""

# (number, heading, area, label style, lead, items); item = (label, text, timeline) or
# (label, objective, [(text, timeline), ...]) for an objective heading with "-" bullets.
H2_SECTIONS: list[tuple] = [
    ("1", "Công tác chỉ đạo, điều hành và tuyên truyền cải cách hành chính", "direction", ")", [B_VHXH], [
        ("a", "Ban hành và tổ chức triển khai Kế hoạch cải cách hành chính, Kế hoạch kiểm tra cải cách hành chính, Kế hoạch tuyên truyền cải cách hành chính năm 2026 của xã; hoàn thành trong tháng 02/2026.",
         DL("trong tháng 02/2026", "2026-02-28")),
        ("b", "Kiểm tra công tác cải cách hành chính tại các bộ phận chuyên môn, đơn vị sự nghiệp thuộc xã; kết hợp kiểm tra đột xuất việc chấp hành kỷ luật, kỷ cương hành chính.",
         NONE_TL),
        ("c", "Đổi mới, đa dạng hóa hình thức tuyên truyền cải cách hành chính qua hệ thống truyền thanh xã, Trang thông tin điện tử, nhóm Zalo các thôn; định kỳ hằng quý có tin, bài về cải cách hành chính.",
         REC("định kỳ hằng quý", "quarter")),
        ("d", "Tổ chức tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2026 của xã, gửi Sở Nội vụ trước ngày 30/11/2026.",
         DL("trước ngày 30/11/2026", "2026-11-30")),
    ]),
    ("2", "Cải cách thủ tục hành chính", "procedures", ")", [B_PV], [
        ("a", "Thường xuyên rà soát, cập nhật, công khai thủ tục hành chính thuộc thẩm quyền giải quyết của xã tại Trung tâm Phục vụ hành chính công và trên Cổng Dịch vụ công quốc gia.",
         CONT("Thường xuyên")),
        ("b", "Tiếp nhận, xử lý phản ánh, kiến nghị của người dân, tổ chức về quy định hành chính; phấn đấu 100% phản ánh, kiến nghị được xử lý đúng thời hạn.",
         NONE_TL),
        ("c", "Rà soát, đề xuất phương án đơn giản hóa ít nhất 05 thủ tục hành chính thuộc lĩnh vực đất đai, hộ tịch, chứng thực.",
         NONE_TL),
        ("d", "Duy trì mô hình “Cán bộ tận tình - Người dân hài lòng” tại Trung tâm Phục vụ hành chính công xã.",
         NONE_TL),
    ]),
    ("3", "Cải cách thể chế", "institutions", ")", [B_VP], [
        ("a", "Nâng cao chất lượng tham mưu ban hành văn bản quy phạm pháp luật của Hội đồng nhân dân, Ủy ban nhân dân xã, bảo đảm đúng thẩm quyền, trình tự, thủ tục.",
         NONE_TL),
        ("b", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do xã ban hành; công bố danh mục văn bản hết hiệu lực trong Quý I/2026.",
         DL("trong Quý I/2026", "2026-03-31")),
        ("c", "Triển khai công tác phổ biến, giáo dục pháp luật, hòa giải ở cơ sở; xây dựng xã đạt chuẩn tiếp cận pháp luật.",
         NONE_TL),
    ]),
    ("4", "Cải cách tổ chức bộ máy hành chính", "organization", "-", [B_VHXH], [
        ("a", "Tiếp tục rà soát, sắp xếp, kiện toàn tổ chức bộ máy các cơ quan chuyên môn và đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân xã theo hướng tinh gọn, hoạt động hiệu lực, hiệu quả.",
         NONE_TL),
        ("b", "Thực hiện quản lý biên chế, số lượng người làm việc đúng quy định; xây dựng kế hoạch biên chế năm 2027, gửi cấp trên trước ngày 15/7/2026.",
         DL("trước ngày 15/7/2026", "2026-07-15")),
        ("c", "Sơ kết một năm vận hành mô hình chính quyền địa phương hai cấp tại xã trong Quý III/2026.",
         DL("trong Quý III/2026", "2026-09-30")),
    ]),
    ("5", "Cải cách chế độ công vụ", "civil_service", "-", [B_VHXH], [
        ("a", "Thực hiện đánh giá, xếp loại cán bộ, công chức, viên chức hằng tháng dựa trên kết quả, sản phẩm cụ thể.",
         REC("hằng tháng", "month")),
        ("b", "Tăng cường kỷ luật, kỷ cương hành chính; chấn chỉnh tác phong, lề lối làm việc, thái độ phục vụ Nhân dân của cán bộ, công chức.",
         NONE_TL),
        ("c", "Cử cán bộ, công chức tham gia các lớp bồi dưỡng kỹ năng số, chuyển đổi số do tỉnh tổ chức; bảo đảm 100% cán bộ, công chức xã được bồi dưỡng kỹ năng số cơ bản.",
         NONE_TL),
    ]),
    ("6", "Cải cách tài chính công", "public_finance", ")", [B_KT], [
        ("a", "Quản lý, sử dụng ngân sách xã tiết kiệm, hiệu quả; thực hiện công khai dự toán, quyết toán ngân sách theo quy định.",
         NONE_TL),
        ("b", "Rà soát, sửa đổi Quy chế chi tiêu nội bộ của Ủy ban nhân dân xã; hoàn thành trước ngày 28/02/2026.",
         DL("trước ngày 28/02/2026", "2026-02-28")),
        ("c", "Quản lý, sử dụng tài sản công, trụ sở làm việc sau sắp xếp đúng mục đích; xử lý tài sản dôi dư đúng quy định.",
         NONE_TL),
    ]),
    ("7", "Xây dựng chính quyền số, chuyển đổi số", "digital_government", ")", [B_VP], [
        ("a", "Phát triển hạ tầng số", [
            ("Nâng cấp mạng nội bộ, thiết bị tại Trung tâm Phục vụ hành chính công xã.", NONE_TL),
            ("Bảo đảm an toàn thông tin cho hệ thống máy tính của các cơ quan, đơn vị.", NONE_TL),
        ]),
        ("b", "Phát triển dữ liệu và dịch vụ số", [
            ("Số hóa, làm sạch dữ liệu hộ tịch, đất đai; kết nối với Cơ sở dữ liệu quốc gia về dân cư.", NONE_TL),
            ("Đẩy mạnh thanh toán trực tuyến phí, lệ phí; tỷ lệ thanh toán trực tuyến đạt tối thiểu 50%.", NONE_TL),
        ]),
        ("c", "Công an xã chủ trì, phối hợp với Trung tâm Phục vụ hành chính công xã triển khai các nhiệm vụ của Đề án 06; hướng dẫn người dân kích hoạt tài khoản định danh điện tử mức độ 2.",
         NONE_TL),
        ("d", "Duy trì hoạt động của Tổ công nghệ số cộng đồng tại các thôn, hằng tháng hỗ trợ người dân sử dụng dịch vụ công trực tuyến.",
         REC("hằng tháng", "month")),
    ]),
]
# leads named in the item itself (not inferred)
H2_EXPLICIT = {("7", "c"): ([U("other", "Công an xã")], [U("tt_phvhcc", "Trung tâm Phục vụ hành chính công xã")])}

H2_TAIL = """
III. KINH PHÍ

Kinh phí thực hiện Kế hoạch được bố trí trong dự toán chi thường xuyên năm 2026 của các cơ quan, đơn vị và nguồn kinh phí cải cách hành chính của xã.

IV. TỔ CHỨC THỰC HIỆN

1. Phòng Văn hóa - Xã hội: Là cơ quan thường trực cải cách hành chính của xã; chủ trì tham mưu công tác chỉ đạo, điều hành, tuyên truyền và kiểm tra cải cách hành chính; chủ trì thực hiện cải cách tổ chức bộ máy và cải cách chế độ công vụ; tổng hợp báo cáo định kỳ quý, 6 tháng, năm.

2. Văn phòng HĐND và UBND xã: Chủ trì tham mưu thực hiện cải cách thể chế; chủ trì xây dựng chính quyền số, chuyển đổi số của xã.

3. Trung tâm Phục vụ hành chính công xã: Chủ trì thực hiện cải cách thủ tục hành chính, cơ chế một cửa, một cửa liên thông; theo dõi, tổng hợp các chỉ tiêu về giải quyết thủ tục hành chính.

4. Phòng Kinh tế: Chủ trì tham mưu thực hiện cải cách tài chính công; hướng dẫn các cơ quan, đơn vị lập dự toán kinh phí cải cách hành chính.

5. Công an xã: Phối hợp triển khai các nhiệm vụ của Đề án 06 và bảo đảm an ninh, an toàn dữ liệu dân cư.

6. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã và các đoàn thể: Tuyên truyền, vận động hội viên, đoàn viên và Nhân dân tham gia, giám sát việc thực hiện cải cách hành chính.

Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện Kế hoạch này./.

Nơi nhận:
- UBND tỉnh (b/c);
- Sở Nội vụ (b/c);
- TT Đảng ủy, TT HĐND xã;
- Các cơ quan, đơn vị thuộc xã;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Lê Văn Tâm
"""


def _h2_txt() -> str:
    out = [H2_HEAD.rstrip("\n"), ""]
    for num, heading, _area, style, _lead, items in H2_SECTIONS:
        out += [f"{num}. {heading}", ""]
        for item in items:
            label = f"{item[0]}{style}"
            if isinstance(item[2], list):
                out += [f"{label} {item[1]}:", ""]
                for text, _tl in item[2]:
                    out += [f"- {text}", ""]
            else:
                out += [f"{label} {item[1]}", ""]
    out.append(H2_TAIL.strip("\n"))
    return nfc("\n".join(out) + "\n")


def _h2_gold() -> dict[str, Any]:
    tasks = []
    for num, _heading, area, _style, lead, items in H2_SECTIONS:
        for item in items:
            ref = f"II.{num}.{item[0]}"
            if isinstance(item[2], list):
                for text, tl in item[2]:
                    tasks.append(task(ref, "narrative", area, text, lead=lead, timeline=tl, objective=item[1]))
            else:
                lead_i, sup_i = H2_EXPLICIT.get((num, item[0]), (lead, []))
                tasks.append(task(ref, "narrative", area, item[1], lead=lead_i, support=sup_i, timeline=item[2]))
    inds = [
        ind(None, "Mức độ hài lòng của người dân, tổ chức đối với việc giải quyết thủ tục hành chính", "%", ">=", 90,
            Y26, [B_PV], "satisfaction_rate"),
        ind(None, "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn", "%", ">", 95, Y26, [B_PV],
            "on_time_rate"),
        ind(None, "hồ sơ thủ tục hành chính được số hóa khi tiếp nhận", "%", "=", 100, Y26, [B_PV], "digitization_rate"),
        ind(None, "Thời gian giải quyết hồ sơ thủ tục hành chính trực tuyến giảm so với hình thức nộp trực tiếp", "%",
            ">=", 20, Y26, [B_PV], "online_time_reduction"),
        ind(None, "cán bộ, công chức xã được bồi dưỡng kỹ năng số cơ bản", "%", "=", 100, Y26, [B_VHXH], None),
        ind("II.2.b", "phản ánh, kiến nghị được xử lý đúng thời hạn", "%", "=", 100, Y26, [B_PV],
            "feedback_on_time_rate"),
        ind("II.2.c", "đề xuất phương án đơn giản hóa thủ tục hành chính thuộc lĩnh vực đất đai, hộ tịch, chứng thực",
            "thủ tục", ">=", 5, Y26, [B_PV], None),
        ind("II.7.b", "tỷ lệ thanh toán trực tuyến", "%", ">=", 50, Y26, [B_VP], "online_payment_rate"),
    ]
    resps = [
        {"unit": U("phong_vhxh", "Phòng Văn hóa - Xã hội"), "areas": ["direction", "organization", "civil_service"]},
        {"unit": U("van_phong", "Văn phòng HĐND và UBND xã"), "areas": ["institutions", "digital_government"]},
        {"unit": U("tt_phvhcc", "Trung tâm Phục vụ hành chính công xã"), "areas": ["procedures"]},
        {"unit": U("phong_kinh_te", "Phòng Kinh tế"), "areas": ["public_finance"]},
        {"unit": U("other", "Công an xã"), "areas": []},
        {"unit": U("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam xã và các đoàn thể"), "areas": []},
    ]
    return {
        "schema": "cchc.plan/1",
        "source": {"file": H2 + ".txt"},
        "plan": {"title": "Cải cách hành chính năm 2026", "issuer": "UBND xã Phú Mỹ Đông", "number": "09/KH-UBND",
                 "issued_on": "2026-01-20", "period": Y26},
        "indicators": inds, "tasks": tasks, "responsibilities": resps,
    }


# ====================================================================== H3 (c)
# TTHC-reform plan for the first 6 months of 2027, indicator table in an appendix.
H3 = "h3_phuong_binh_khe_tthc_6t_2027"
H1_27 = period("2027-01-01", "2027-06-30")

C_PV = U("tt_phvhcc", "Trung tâm Phục vụ hành chính công phường")
C_VP = U("van_phong", "Văn phòng HĐND và UBND phường")
C_VHXH = U("phong_vhxh", "Phòng Văn hóa - Xã hội")
C_KT = U("phong_kinh_te", "Phòng Kinh tế, Hạ tầng và Đô thị")
C_ALL = U("all_units", "các phòng chuyên môn thuộc UBND phường")

H3_HEAD = """ỦY BAN NHÂN DÂN PHƯỜNG BÌNH KHÊ
Số: 03/KH-UBND
Bình Khê, ngày 05 tháng 01 năm 2027

KẾ HOẠCH
Thực hiện công tác cải cách thủ tục hành chính 6 tháng đầu năm 2027 trên địa bàn phường Bình Khê

Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia; Kế hoạch số 41/KH-UBND ngày 28/12/2026 của Ủy ban nhân dân phường về cải cách hành chính năm 2027, Ủy ban nhân dân phường Bình Khê xây dựng Kế hoạch thực hiện công tác cải cách thủ tục hành chính (TTHC) 6 tháng đầu năm 2027 như sau:

I. MỤC ĐÍCH, YÊU CẦU

- Tập trung cải cách TTHC ngay từ đầu năm, tạo chuyển biến rõ nét về chất lượng giải quyết TTHC tại Trung tâm Phục vụ hành chính công phường.

- Xác định cụ thể đơn vị chủ trì, phối hợp, thời gian thực hiện từng nhiệm vụ; gắn trách nhiệm người đứng đầu với kết quả cải cách TTHC.

II. CHỈ TIÊU

Phấn đấu đến hết năm 2027 đạt các chỉ tiêu cải cách TTHC tại Phụ lục kèm theo Kế hoạch này, trong đó 100% hồ sơ, kết quả giải quyết TTHC được số hóa và 100% TTHC được tiếp nhận không phụ thuộc địa giới hành chính. Riêng 6 tháng đầu năm 2027, tỷ lệ hồ sơ TTHC được giải quyết đúng hạn và trước hạn đạt tối thiểu 97%.

III. NHIỆM VỤ, GIẢI PHÁP
"""

# (number, heading (objective), area, [(text, lead, support, timeline)])
H3_SECTIONS: list[tuple] = [
    ("1", "Rà soát, công bố, công khai thủ tục hành chính", "procedures", [
        ("Rà soát danh mục TTHC thuộc thẩm quyền giải quyết của phường ngay sau khi UBND thành phố công bố; niêm yết công khai tại Trung tâm Phục vụ hành chính công phường.",
         [C_PV], [C_ALL], CONT("Thường xuyên")),
        ("Công khai quy trình nội bộ, quy trình điện tử giải quyết TTHC trên Hệ thống thông tin giải quyết TTHC của thành phố.",
         [C_PV], [C_VP], DL("Trong tháng 01/2027", "2027-01-31")),
    ]),
    ("2", "Rà soát, đơn giản hóa thủ tục hành chính", "procedures", [
        ("Xây dựng Kế hoạch rà soát, đánh giá TTHC năm 2027 của phường.",
         [C_PV], [], DL("Trước ngày 31/01/2027", "2027-01-31")),
        ("Rà soát, đề xuất phương án đơn giản hóa TTHC lĩnh vực hộ tịch, chứng thực, đất đai, gửi Trung tâm Phục vụ hành chính công thành phố.",
         [C_PV], [C_KT, C_VP], DL("Quý II/2027", "2027-06-30")),
    ]),
    ("3", "Nâng cao chất lượng giải quyết TTHC theo cơ chế một cửa, một cửa liên thông", "procedures", [
        ("Bố trí công chức có năng lực, kỹ năng giao tiếp làm việc tại Trung tâm Phục vụ hành chính công phường.",
         [C_VHXH], [C_PV], CONT("Thường xuyên")),
        ("Theo dõi, đôn đốc giải quyết hồ sơ; thực hiện xin lỗi người dân, tổ chức đối với hồ sơ trễ hạn.",
         [C_PV], [C_ALL], REC("Hằng tuần", None)),
        ("Công khai kết quả đánh giá chất lượng giải quyết TTHC theo Bộ chỉ số phục vụ người dân, doanh nghiệp trên Cổng thông tin điện tử phường.",
         [C_PV], [], REC("Hằng tháng", "month")),
    ]),
    ("4", "Thực hiện thủ tục hành chính trên môi trường điện tử", "procedures", [
        ("Hướng dẫn, hỗ trợ người dân nộp hồ sơ trực tuyến, thanh toán trực tuyến tại Trung tâm Phục vụ hành chính công phường và tại các khu phố.",
         [C_PV], [U("mttq", "Đoàn Thanh niên phường"), U("other", "Tổ công nghệ số cộng đồng")], CONT("Thường xuyên")),
        ("Số hóa hồ sơ, kết quả giải quyết TTHC còn hiệu lực thuộc lĩnh vực hộ tịch giai đoạn 2016 - 2020.",
         [C_PV], [U("other", "Công chức Tư pháp - Hộ tịch")],
         WIN("Từ tháng 02 đến hết tháng 5/2027", "2027-02-01", "2027-05-31")),
    ]),
    ("5", "Tiếp nhận, xử lý phản ánh, kiến nghị", "procedures", [
        ("Duy trì đường dây nóng, hộp thư góp ý, Zalo của Trung tâm Phục vụ hành chính công phường để tiếp nhận phản ánh, kiến nghị của người dân, tổ chức.",
         [C_PV], [C_VP], CONT("Thường xuyên")),
    ]),
    ("6", "Công tác chỉ đạo, kiểm tra, báo cáo", "direction", [
        ("Kiểm tra việc thực hiện cải cách TTHC, cơ chế một cửa, một cửa liên thông tại các bộ phận chuyên môn.",
         [C_VHXH], [C_PV], DL("Quý II/2027", "2027-06-30")),
        ("Báo cáo kết quả thực hiện Kế hoạch 6 tháng đầu năm 2027 gửi UBND thành phố.",
         [C_PV], [], DL("Trước ngày 15/6/2027", "2027-06-15")),
    ]),
]

H3_TAIL = """
IV. KINH PHÍ

Kinh phí thực hiện Kế hoạch được bảo đảm từ nguồn kinh phí cải cách hành chính năm 2027 đã giao trong dự toán của Trung tâm Phục vụ hành chính công phường.

V. TỔ CHỨC THỰC HIỆN

1. Trung tâm Phục vụ hành chính công phường: Chủ trì tổ chức thực hiện Kế hoạch; chủ trì thực hiện cải cách TTHC, cơ chế một cửa, một cửa liên thông; tổng hợp, báo cáo kết quả.

2. Phòng Văn hóa - Xã hội: Chủ trì kiểm tra công tác cải cách hành chính, cải cách TTHC; tham mưu bố trí công chức làm việc tại Trung tâm Phục vụ hành chính công phường.

3. Văn phòng HĐND và UBND phường: Phối hợp tiếp nhận, xử lý phản ánh, kiến nghị; đăng tải thông tin trên Cổng thông tin điện tử phường.

4. Phòng Kinh tế, Hạ tầng và Đô thị: Phối hợp rà soát TTHC lĩnh vực đất đai, xây dựng; bố trí kinh phí thực hiện Kế hoạch.

Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị phản ánh về Trung tâm Phục vụ hành chính công phường để tổng hợp, báo cáo Ủy ban nhân dân phường./.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Đặng Minh Quân

PHỤ LỤC
CHỈ TIÊU CẢI CÁCH THỦ TỤC HÀNH CHÍNH NĂM 2027
(Kèm theo Kế hoạch số 03/KH-UBND ngày 05/01/2027 của UBND phường Bình Khê)

STT	Chỉ tiêu	Chỉ tiêu năm 2027	Đơn vị chủ trì
"""

T_PV = U("tt_phvhcc", "Trung tâm PVHCC")
# (stt, name, cell text, unit, comparator, target, responsible, metric, cell text of the unit column)
H3_TABLE: list[tuple] = [
    ("1", "Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn và trước hạn", "≥ 98%", "%", ">=", 98, [T_PV], "on_time_rate"),
    ("2", "Tỷ lệ hồ sơ TTHC trễ hạn", "≤ 2%", "%", "<=", 2, [T_PV], None),
    ("3", "Tỷ lệ hồ sơ TTHC được tiếp nhận, giải quyết trực tuyến toàn trình", "Tối thiểu 60%", "%", ">=", 60, [T_PV],
     "full_online_rate"),
    ("4", "Tỷ lệ thanh toán trực tuyến phí, lệ phí giải quyết TTHC", "70%", "%", "=", 70,
     [T_PV, U("phong_kinh_te", "Phòng KT-HT&ĐT")], "online_payment_rate"),
    ("5", "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC", "100%", "%", "=", 100, [T_PV], "digitization_rate"),
    ("6", "Tỷ lệ kết quả giải quyết TTHC được cấp bản điện tử", "100%", "%", "=", 100, [T_PV], "e_result_rate"),
    ("7", "Tỷ lệ khai thác, sử dụng lại dữ liệu đã được số hóa", "Từ 80% trở lên", "%", ">=", 80, [T_PV],
     "data_reuse_rate"),
    ("8", "Mức độ hài lòng của người dân, doanh nghiệp đối với việc giải quyết TTHC", "Trên 95%", "%", ">", 95,
     [U("phong_vhxh", "Phòng VH-XH")], "satisfaction_rate"),
    ("9", "Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn", "100%", "%", "=", 100,
     [U("van_phong", "Văn phòng HĐND-UBND")], "feedback_on_time_rate"),
    ("10", "Tỷ lệ hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia", "100%", "%", "=", 100, [T_PV],
     "portal_sync_rate"),
    ("11", "Số thủ tục hành chính được đề xuất đơn giản hóa", "Tối thiểu 05 thủ tục", "thủ tục", ">=", 5, [T_PV], None),
    ("12", "Tỷ lệ TTHC được tiếp nhận không phụ thuộc địa giới hành chính", "100%", "%", "=", 100, [T_PV],
     "location_free_rate"),
]


def _h3_txt() -> str:
    out = [H3_HEAD.rstrip("\n"), ""]
    for num, heading, _area, items in H3_SECTIONS:
        out += [f"{num}. {heading}", ""]
        for text, lead, sup, tl in items:
            out.append(f"- {text}")
            out.append("+ Đơn vị chủ trì: " + "; ".join(u["raw"] for u in lead))
            if sup:
                out.append("+ Đơn vị phối hợp: " + "; ".join(u["raw"] for u in sup))
            out.append("+ Thời gian thực hiện: " + (tl["raw"] or ""))
            out.append("")
    out.append(H3_TAIL.strip("\n"))
    for stt, name, cell, _u, _c, _t, resp, _m in H3_TABLE:
        out.append("\t".join([stt, name, cell, "; ".join(u["raw"] for u in resp)]))
    return nfc("\n".join(out) + "\n")


def _h3_gold() -> dict[str, Any]:
    tasks = []
    for num, heading, area, items in H3_SECTIONS:
        for text, lead, sup, tl in items:
            tasks.append(task(f"III.{num}", "narrative", area, text, lead=lead, support=sup, timeline=tl,
                              objective=heading))
    inds = [ind(stt, name, unit, comp, target, Y27, resp, metric)
            for stt, name, _cell, unit, comp, target, resp, metric in H3_TABLE]
    inds.append(ind(None, "tỷ lệ hồ sơ TTHC được giải quyết đúng hạn và trước hạn", "%", ">=", 97, H1_27,
                    [U("tt_phvhcc", "Trung tâm Phục vụ hành chính công phường", True)], "on_time_rate"))
    resps = [
        {"unit": C_PV, "areas": ["procedures"]},
        {"unit": C_VHXH, "areas": ["direction"]},
        {"unit": C_VP, "areas": []},
        {"unit": C_KT, "areas": []},
    ]
    return {
        "schema": "cchc.plan/1",
        "source": {"file": H3 + ".txt"},
        "plan": {"title": "Thực hiện công tác cải cách thủ tục hành chính 6 tháng đầu năm 2027 trên địa bàn phường Bình Khê",
                 "issuer": "UBND phường Bình Khê", "number": "03/KH-UBND", "issued_on": "2027-01-05",
                 "period": H1_27},
        "indicators": inds, "tasks": tasks, "responsibilities": resps,
    }


# ====================================================================== H4 (d)
# H2 through an OCR-like degradation: most diacritics dropped, a few confusions, hard line breaks.
H4 = "h4_xa_phu_my_dong_2026_ocr"
_WORD = re.compile(r"[^\W\d_]+")
_CONFUSE = {"ư": "u", "ơ": "o", "đ": "d", "Đ": "D", "ê": "é", "ô": "ó", "ă": "â", "ề": "é", "ờ": "ò"}
_GLYPH = {"ư": "w", "ố": "6", "ô": "6", "ồ": "6"}


def _strip(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    return unicodedata.normalize("NFD", ch)[0]


def _degrade_word(w: str, rng: random.Random) -> str:
    """One occurrence of a word, read badly. Every character maps to exactly one character."""
    if rng.random() < 0.05:                  # glyph confusions seen in real scans (ư→w, ô/ố→6, l→1)
        w = "".join(_GLYPH.get(c, c) for c in w)
        if w.startswith("l"):
            w = "1" + w[1:]
    mode = rng.random()
    out = []
    for ch in w:
        if ch.isascii():
            out.append(ch)
            continue
        r = rng.random()
        if mode < 0.65 or r < 0.55:          # most words lose (almost) all their marks
            out.append(_strip(ch))
        elif r < 0.75 and ch in _CONFUSE:    # a few look-alike confusions
            out.append(_CONFUSE[ch])
        else:
            out.append(ch)
    return "".join(out)


def degrade(text: str, seed: int = 2026) -> str:
    """The whole text read badly; same length as the NFC input, character for character."""
    rng = random.Random(seed)
    src = nfc(text)
    out = _WORD.sub(lambda m: _degrade_word(m.group(0), rng), src)
    assert len(out) == len(src)
    return out


def _h4_source() -> str:
    # the scanned page header is read badly: roman "I." of the first heading becomes "|."
    return _h2_txt().replace("I. MỤC ĐÍCH, YÊU CẦU VÀ CHỈ TIÊU", "|. MỤC ĐÍCH, YÊU CẦU VÀ CHỈ TIÊU", 1)


def _h4_txt() -> str:
    lines = []
    n = 0
    for para in degrade(_h4_source()).split("\n"):
        if not para.strip():
            lines.append("")
            continue
        wrapped = textwrap.wrap(para, width=80, break_long_words=False, break_on_hyphens=False)
        for w in wrapped:
            lines.append(w)
            n += 1
            if n % 46 == 0:                  # page break: blank lines inside the running text
                lines += ["", "", ""]
    return "\n".join(lines) + "\n"


def _h4_gold() -> dict[str, Any]:
    """H2's gold with every text field replaced by the same span of the degraded document."""
    src = _h4_source()
    bad = degrade(src)

    def span(s: str | None, lo: int = 0, hi: int | None = None, last: bool = False) -> str | None:
        if s is None:
            return None
        i = src.rfind(s, lo, hi) if last else src.find(s, lo, hi if hi is not None else len(src))
        assert i >= 0, s
        return bad[i:i + len(s)]

    org = src.index("IV. TỔ CHỨC THỰC HIỆN")
    g = json.loads(json.dumps(_h2_gold(), ensure_ascii=False))
    g["source"]["file"] = H4 + ".txt"
    g["plan"]["title"] = span(g["plan"]["title"])
    cursor = src.index("II. NHIỆM VỤ TRỌNG TÂM")
    for t in g["tasks"]:
        start = src.index(t["task"], cursor)
        end = start + len(t["task"])
        t["objective"] = span(t["objective"], cursor - 200, start, last=True) if t["objective"] else None
        t["task"] = bad[start:end]
        t["timeline"]["raw"] = span(t["timeline"]["raw"], start, end)
        for r in t["lead"] + t["support"]:
            r["raw"] = span(r["raw"], org) if r["inferred"] else span(r["raw"], start, end)
        cursor = end
    def words(s: str) -> tuple[str, int]:
        """A name that skips the target phrase: map it word by word from its first words."""
        toks = s.split(" ")
        pos = src.index(" ".join(toks[:3]))
        at, out = pos, []
        for tok in toks:
            j = src.index(tok, pos)
            out.append(bad[j:j + len(tok)])
            pos = j + len(tok)
        return " ".join(out), at

    for i in g["indicators"]:
        i["name"], at = words(i["name"])
        if i["unit"] not in (None, "%"):
            i["unit"] = span(i["unit"], at)
        for r in i["responsible"]:
            r["raw"] = span(r["raw"], org)
    for r in g["responsibilities"]:
        r["unit"]["raw"] = span(r["unit"]["raw"], org)
    return g


# ====================================================================== H5 (blind re-check)
# Written after commit 7cc2757 and scored before it entered the shared tree: a commune plan whose
# task table puts the time before the product, numbers its areas 1..7 with rows 1.1, 1.2, and
# states targets as "label: value".
H5 = "h5_xa_tan_lap_tay_2027"

E_VHXH = U("phong_vhxh", "Phòng VH-XH")
E_VP = U("van_phong", "Văn phòng HĐND và UBND xã")
E_PV = U("tt_phvhcc", "Trung tâm PVHCC xã")
E_KT = U("phong_kinh_te", "Phòng Kinh tế")
E_CQ = U("all_units", "Các cơ quan chuyên môn thuộc UBND xã")
E_LQ = U("related_units", "Các đơn vị có liên quan")

H5_BODY = """ỦY BAN NHÂN DÂN XÃ TÂN LẬP TÂY
Số: 27/KH-UBND
Tân Lập Tây, ngày 12 tháng 02 năm 2027

KẾ HOẠCH
Triển khai nhiệm vụ cải cách hành chính năm 2027

Căn cứ Kế hoạch số 305/KH-UBND ngày 30/12/2026 của Ủy ban nhân dân tỉnh về cải cách hành chính nhà nước năm 2027, Ủy ban nhân dân xã Tân Lập Tây xây dựng Kế hoạch triển khai nhiệm vụ cải cách hành chính năm 2027, cụ thể như sau:

I. MỤC ĐÍCH, YÊU CẦU, CHỈ TIÊU

1. Mục đích, yêu cầu

Triển khai toàn diện các nội dung cải cách hành chính; phân định rõ đơn vị chủ trì, đơn vị phối hợp, thời gian và sản phẩm của từng nhiệm vụ; lấy sự hài lòng của người dân làm thước đo.

2. Chỉ tiêu

a) Tỷ lệ hồ sơ thủ tục hành chính tiếp nhận và giải quyết trực tuyến: từ 85% trở lên.

b) Tỷ lệ giải quyết hồ sơ đúng hạn: 100%.

c) Tỷ lệ hài lòng của người dân, tổ chức khi giải quyết thủ tục hành chính: ≥ 95%.

d) Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính: đạt 100%.

Trung tâm Phục vụ hành chính công xã chịu trách nhiệm theo dõi, tổng hợp các chỉ tiêu nêu trên.

II. NHIỆM VỤ CỤ THỂ

Các nhiệm vụ cụ thể được giao tại Phụ lục kèm theo.

III. TỔ CHỨC THỰC HIỆN

1. Phòng Văn hóa - Xã hội là cơ quan đầu mối, tham mưu Ủy ban nhân dân xã chỉ đạo, điều hành công tác cải cách hành chính; tham mưu triển khai nội dung cải cách tổ chức bộ máy và cải cách chế độ công vụ.

2. Văn phòng HĐND và UBND xã tham mưu triển khai nội dung cải cách thể chế và xây dựng chính quyền điện tử, chính quyền số.

3. Trung tâm Phục vụ hành chính công xã tham mưu triển khai nội dung cải cách thủ tục hành chính.

4. Phòng Kinh tế tham mưu triển khai nội dung cải cách tài chính công.

Nơi nhận:
- Sở Nội vụ;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Hoàng Văn Bình

PHỤ LỤC
NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2027
(Kèm theo Kế hoạch số 27/KH-UBND ngày 12/02/2027 của UBND xã Tân Lập Tây)

STT	Nhiệm vụ, giải pháp	Đơn vị chủ trì	Đơn vị phối hợp	Thời gian thực hiện	Kết quả/sản phẩm
"""

H5_SECTIONS: list[tuple] = [
    ("1", "Công tác chỉ đạo, điều hành", "direction", [
        ("1.1", "Ban hành Kế hoạch cải cách hành chính năm 2027 của xã", [E_VHXH], [E_CQ],
         DL("Trước 31/3/2027", "2027-03-31"), "Kế hoạch"),
        ("1.2", "Sơ kết, tổng kết công tác cải cách hành chính", [E_VHXH], [E_CQ],
         REC("Định kỳ 6 tháng", None), "Báo cáo sơ kết, tổng kết"),
        ("1.3", "Tổ chức hội nghị đối thoại giữa Chủ tịch UBND xã với người dân về giải quyết thủ tục hành chính",
         [U("ubnd", "UBND xã")], [E_PV, U("mttq", "Ủy ban MTTQ Việt Nam xã")], DL("Tháng 10/2027", "2027-10-31"),
         "Hội nghị đối thoại"),
    ]),
    ("2", "Cải cách thể chế", "institutions", [
        ("2.1", "Rà soát văn bản quy phạm pháp luật của HĐND, UBND xã", [E_VP], [E_LQ],
         WIN("Quý I - Quý II/2027", "2027-01-01", "2027-06-30"), "Báo cáo kết quả rà soát"),
        ("2.2", "Xây dựng, ban hành văn bản quy phạm pháp luật theo thẩm quyền",
         [E_VP], [E_CQ], TL("Khi có văn bản hướng dẫn của cấp trên", "conditional"), "Nghị quyết, quyết định"),
    ]),
    ("3", "Cải cách thủ tục hành chính", "procedures", [
        ("3.1", "Niêm yết, công khai thủ tục hành chính tại Trung tâm và trên Cổng thông tin điện tử xã",
         [E_PV], [E_CQ], CONT(), "Thủ tục hành chính được công khai"),
        ("3.2", "Đánh giá chất lượng giải quyết thủ tục hành chính theo Bộ chỉ số phục vụ người dân, doanh nghiệp",
         [E_PV], [E_CQ], REC("Hàng tháng", "month"), "Kết quả đánh giá được công khai"),
        ("3.3", "Rà soát quy trình nội bộ giải quyết thủ tục hành chính lĩnh vực đất đai",
         [E_PV], [E_KT], WIN("Từ 01/4 đến 30/6/2027", "2027-04-01", "2027-06-30"), "Quy trình được sửa đổi"),
    ]),
    ("4", "Cải cách tổ chức bộ máy", "organization", [
        ("4.1", "Rà soát, kiện toàn tổ chức, hoạt động của Trung tâm Dịch vụ sự nghiệp công xã",
         [E_VHXH], [U("tt_dvsnc", "Trung tâm Dịch vụ sự nghiệp công xã")], DL("15/12/2027", "2027-12-15"),
         "Quyết định kiện toàn"),
    ]),
    ("5", "Cải cách chế độ công vụ", "civil_service", [
        ("5.1", "Tuyển dụng, bố trí công chức theo vị trí việc làm được phê duyệt", [E_VHXH], [E_CQ],
         TL("Theo Kế hoạch của UBND tỉnh", "scheduled"), "Quyết định tuyển dụng, bố trí"),
        ("5.2", "Đánh giá, xếp loại chất lượng cán bộ, công chức năm 2027", [E_VHXH], [E_CQ],
         DL("Tháng 12/2027", "2027-12-31"), "Kết quả đánh giá, xếp loại"),
    ]),
    ("6", "Cải cách tài chính công", "public_finance", [
        ("6.1", "Thực hiện công khai ngân sách xã theo quy định", [E_KT], [E_VP], CONT(), "Văn bản công khai"),
        ("6.2", "Rà soát, sắp xếp lại nhà, đất là tài sản công sau sắp xếp đơn vị hành chính",
         [E_KT], [E_LQ], DL("Quý III/2027", "2027-09-30"), "Phương án sắp xếp được phê duyệt"),
    ]),
    ("7", "Xây dựng và phát triển chính quyền điện tử, chính quyền số", "digital_government", [
        ("7.1", "Duy trì sử dụng chữ ký số, văn bản điện tử trong hoạt động của các cơ quan", [E_VP], [E_CQ],
         CONT(), "Văn bản điện tử"),
        ("7.2", "Tập huấn kỹ năng số cho Tổ công nghệ số cộng đồng các thôn",
         [E_VP], [U("other", "Viễn thông huyện"), U("mttq", "Đoàn Thanh niên xã")], DL("Quý II/2027", "2027-06-30"),
         "Lớp tập huấn"),
    ]),
]


def _h5_txt() -> str:
    out = [H5_BODY.rstrip("\n")]
    for num, title, _area, rows in H5_SECTIONS:
        out.append("\t".join([num, title, "", "", "", ""]))
        for ref, text, lead, sup, tl, outp in rows:
            out.append("\t".join([ref, text, "; ".join(u["raw"] for u in lead), "; ".join(u["raw"] for u in sup),
                                  tl["raw"] or "", outp]))
    return nfc("\n".join(out) + "\n")


def _h5_gold() -> dict[str, Any]:
    tasks = [task(ref, "table", area, text, lead=lead, support=sup, timeline=tl, output=outp)
             for _num, _title, area, rows in H5_SECTIONS for ref, text, lead, sup, tl, outp in rows]
    pv = [U("tt_phvhcc", "Trung tâm Phục vụ hành chính công xã")]
    inds = [
        ind("I.2.a", "Tỷ lệ hồ sơ thủ tục hành chính tiếp nhận và giải quyết trực tuyến", "%", ">=", 85, Y27, pv,
            "online_rate"),
        ind("I.2.b", "Tỷ lệ giải quyết hồ sơ đúng hạn", "%", "=", 100, Y27, pv, "on_time_rate"),
        ind("I.2.c", "Tỷ lệ hài lòng của người dân, tổ chức khi giải quyết thủ tục hành chính", "%", ">=", 95, Y27, pv,
            "satisfaction_rate"),
        ind("I.2.d", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "%", "=", 100, Y27, pv,
            "digitization_rate"),
    ]
    resps = [
        {"unit": U("phong_vhxh", "Phòng Văn hóa - Xã hội"), "areas": ["direction", "organization", "civil_service"]},
        {"unit": U("van_phong", "Văn phòng HĐND và UBND xã"), "areas": ["institutions", "digital_government"]},
        {"unit": U("tt_phvhcc", "Trung tâm Phục vụ hành chính công xã"), "areas": ["procedures"]},
        {"unit": U("phong_kinh_te", "Phòng Kinh tế"), "areas": ["public_finance"]},
    ]
    return {
        "schema": "cchc.plan/1",
        "source": {"file": H5 + ".txt"},
        "plan": {"title": "Triển khai nhiệm vụ cải cách hành chính năm 2027", "issuer": "UBND xã Tân Lập Tây",
                 "number": "27/KH-UBND", "issued_on": "2027-02-12", "period": Y27},
        "indicators": inds, "tasks": tasks, "responsibilities": resps,
    }


# ====================================================================== write
def write_all(folder: Path = HERE) -> None:
    docs = {H1: (_h1_txt(), _h1_gold()), H2: (_h2_txt(), _h2_gold()), H3: (_h3_txt(), _h3_gold()),
            H4: (_h4_txt(), _h4_gold()), H5: (_h5_txt(), _h5_gold())}
    for name, (txt, gold) in docs.items():
        (folder / f"{name}.txt").write_text(txt, encoding="utf-8")
        (folder / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    build_docx(folder / f"{H1}.docx")


if __name__ == "__main__":
    write_all()
    print("written:", ", ".join(sorted(p.name for p in HERE.iterdir() if p.suffix in {".txt", ".json", ".docx"})))
