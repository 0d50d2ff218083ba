"""Held-out round 2: four invented PAR plans and their hand-made gold, written blind.

  r1_phuong_hoa_xuan_dong_2026   ward annual plan 2026; appendix task table
                                 "TT | Nội dung nhiệm vụ | Đơn vị thực hiện | Thời gian thực hiện | Sản phẩm"
                                 (one unit column: the lead first, then "phối hợp: ..."), area rows
                                 "1  CẢI CÁCH THỂ CHẾ" over rows 1.1, 1.2; police, military command, health
                                 station, women's union, Fatherland Front as units
  r2_xa_ea_knop_tay_2026_2030    commune plan 2026-2030; indicator table with two period columns
                                 ("Đến năm 2027", "Đến năm 2030") and a monitoring-unit column; narrative
                                 tasks "2.1." ... "2.7." with "-" bullets; responsibilities worded
                                 "Giao X chủ trì, phối hợp với Y tham mưu thực hiện nội dung ..."
  r3_xa_thanh_loc_2026           commune annual plan 2026; targets stated in tricky ways (không thấp hơn,
                                 từ ... trở lên, 100% (trừ ...), trên 50% số hồ sơ, giảm ít nhất 30% thời
                                 gian, two targets in one sentence, document numbers and counts that are not
                                 targets); task table with unnumbered area rows, rows numbered 1..N
                                 throughout, and many timeline phrasings
  r4_xa_ea_knop_tay_2026_2030_ocr  r2 through an OCR-like degradation
  r2 is also written as .docx (build_docx): real Word numbering (multi-level list "I." / "1." / "2.1."
                                 and "-" bullets as list items), the indicator table as a real table.

Each document is data: the words plus the hand annotation (area, unit codes, timeline kind and dates,
comparator, metric...). Text and gold are rendered from the same data; the annotation is not computed.

Annotation decisions (where the spec leaves room):
  * "Đến năm 2027" in a 2026-2030 plan: period from the plan's start to the end of that year
    (2026-01-01..2027-12-31); "Đến năm 2030": 2026-01-01..2030-12-31.
  * "không thấp hơn X%" is ">=" (same meaning as "tối thiểu").
  * a count of activities inside a task ("Tổ chức 03 lớp tập huấn") is not a target; a count set in the
    targets section with a target phrase ("ít nhất 02 hội nghị") is.
  * a "-" in a period column of the indicator table means no target for that period.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


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


def doc(name: str, plan: dict, inds: list, tasks: list, resps: list) -> dict[str, Any]:
    return {"schema": "cchc.plan/1", "source": {"file": name + ".txt"}, "plan": plan,
            "indicators": inds, "tasks": tasks, "responsibilities": resps}


Y26 = period("2026-01-01", "2026-12-31")

# ====================================================================== R1 (a)
R1 = "r1_phuong_hoa_xuan_dong_2026"

P_VHXH = U("phong_vhxh", "Phòng Văn hóa - Xã hội")
P_VP = U("van_phong", "Văn phòng HĐND và UBND phường")
P_KT = U("phong_kinh_te", "Phòng Kinh tế, Hạ tầng và Đô thị")
P_PV = U("tt_phvhcc", "Trung tâm Phục vụ hành chính công phường")
P_ALL = U("all_units", "các phòng, đơn vị thuộc UBND phường")
P_CA = U("other", "Công an phường")
P_QS = U("other", "Ban Chỉ huy quân sự phường")
P_YT = U("other", "Trạm Y tế phường")
P_PN = U("mttq", "Hội Liên hiệp Phụ nữ phường")
P_MT = U("mttq", "UBMTTQ Việt Nam phường")
P_DTN = U("mttq", "Đoàn Thanh niên Cộng sản Hồ Chí Minh phường")
P_TP = U("other", "Tổ dân phố")

R1_BODY = """ỦY BAN NHÂN DÂN
PHƯỜNG HÒA XUÂN ĐÔNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 35/KH-UBND
Hòa Xuân Đông, ngày 05 tháng 02 năm 2026

KẾ HOẠCH
Cải cách hành chính năm 2026 trên địa bàn phường Hòa Xuân Đông

Căn cứ Kế hoạch số 412/KH-UBND ngày 29/12/2025 của Ủy ban nhân dân tỉnh về cải cách hành chính nhà nước năm 2026; căn cứ Nghị quyết số 05/NQ-HĐND ngày 20/01/2026 của Hội đồng nhân dân phường về nhiệm vụ phát triển kinh tế - xã hội năm 2026, Ủy ban nhân dân phường Hòa Xuân Đông ban hành Kế hoạch cải cách hành chính năm 2026 như sau:

I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích

- Đẩy mạnh cải cách hành chính gắn với xây dựng chính quyền đô thị, chính quyền số; nâng cao chất lượng phục vụ người dân, doanh nghiệp trên địa bàn phường.

- Phân công cụ thể nhiệm vụ cho từng cơ quan, đơn vị, bảo đảm có sản phẩm, thời hạn hoàn thành.

2. Yêu cầu

- Người đứng đầu các cơ quan, đơn vị trực tiếp chỉ đạo và chịu trách nhiệm về kết quả cải cách hành chính của cơ quan, đơn vị mình.

- Phối hợp chặt chẽ với Ủy ban MTTQ Việt Nam phường và các tổ chức chính trị - xã hội trong tuyên truyền, giám sát.

II. CHỈ TIÊU

- Phấn đấu 100% hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn.

- Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn trình đạt từ 70% trở lên.

- Mức độ hài lòng của người dân, doanh nghiệp đối với sự phục vụ của cơ quan hành chính phường đạt tối thiểu 95%.

- 100% kết quả giải quyết thủ tục hành chính được cấp bản điện tử.

- Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu đã được số hóa đạt tối thiểu 80%.

III. NHIỆM VỤ VÀ GIẢI PHÁP

Nhiệm vụ cụ thể, đơn vị thực hiện, thời gian và sản phẩm tại Phụ lục kèm theo Kế hoạch này.

IV. KINH PHÍ THỰC HIỆN

Kinh phí thực hiện các nhiệm vụ được bố trí trong dự toán ngân sách phường năm 2026 và các nguồn hợp pháp khác.

V. TỔ CHỨC THỰC HIỆN

1. Phòng Văn hóa - Xã hội: Là cơ quan thường trực, tham mưu Ủy ban nhân dân phường chỉ đạo, điều hành, tuyên truyền, kiểm tra công tác cải cách hành chính; chủ trì thực hiện cải cách tổ chức bộ máy, cải cách chế độ công vụ; tổng hợp báo cáo cải cách hành chính định kỳ.

2. Văn phòng HĐND và UBND phường: Chủ trì thực hiện cải cách thể chế và xây dựng chính quyền điện tử, chính quyền số.

3. Trung tâm Phục vụ hành chính công phường: Chủ trì thực hiện cải cách thủ tục hành chính; theo dõi, tổng hợp kết quả thực hiện các chỉ tiêu tại Mục II Kế hoạch này.

4. Phòng Kinh tế, Hạ tầng và Đô thị: Chủ trì thực hiện cải cách tài chính công.

5. Công an phường: Phối hợp thực hiện các nhiệm vụ của Đề án 06, cấp định danh điện tử cho người dân.

Trên đây là Kế hoạch cải cách hành chính năm 2026 của Ủy ban nhân dân phường Hòa Xuân Đông./.

Nơi nhận:
- UBND tỉnh;
- Sở Nội vụ;
- Các phòng, đơn vị thuộc phường;
- Lưu: VT, VHXH.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Phan Thị Ngọc Hà

PHỤ LỤC
DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026
(Ban hành kèm theo Kế hoạch số 35/KH-UBND ngày 05/02/2026 của Ủy ban nhân dân phường Hòa Xuân Đông)

TT	Nội dung nhiệm vụ	Đơn vị thực hiện	Thời gian thực hiện	Sản phẩm
"""

# rows: (ref, text, lead, support, cell words, timeline, output)
R1_SECTIONS: list[tuple] = [
    ("1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", "direction", [
        ("1.1", "Ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026", [P_VHXH], [P_ALL],
         "Phòng Văn hóa - Xã hội; phối hợp: các phòng, đơn vị thuộc UBND phường",
         DL("Tháng 02/2026", "2026-02-28"), "Kế hoạch được ban hành"),
        ("1.2", "Tuyên truyền cải cách hành chính, Đề án 06 tại các tổ dân phố, khu dân cư", [P_VHXH], [P_MT, P_PN, P_DTN],
         "Phòng Văn hóa - Xã hội, phối hợp: UBMTTQ Việt Nam phường, Hội Liên hiệp Phụ nữ phường, Đoàn Thanh niên Cộng sản Hồ Chí Minh phường",
         CONT("Thường xuyên"), "Tin, bài tuyên truyền"),
        ("1.3", "Kiểm tra việc thực hiện nhiệm vụ cải cách hành chính tại các cơ quan, đơn vị thuộc phường", [P_VHXH], [P_VP],
         "Phòng Văn hóa - Xã hội (phối hợp: Văn phòng HĐND và UBND phường)",
         DL("Quý III/2026", "2026-09-30"), "Thông báo kết quả kiểm tra"),
    ]),
    ("2", "CẢI CÁCH THỂ CHẾ", "institutions", [
        ("2.1", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do Hội đồng nhân dân, Ủy ban nhân dân phường ban hành", [P_VP], [P_ALL],
         "Văn phòng HĐND và UBND phường; phối hợp: các phòng, đơn vị thuộc UBND phường",
         WIN("Từ tháng 3 đến tháng 5/2026", "2026-03-01", "2026-05-31"), "Danh mục văn bản được rà soát"),
        ("2.2", "Theo dõi tình hình thi hành pháp luật trong lĩnh vực an ninh trật tự, phòng cháy chữa cháy", [P_CA], [P_VP],
         "Công an phường; phối hợp: Văn phòng HĐND và UBND phường",
         DL("Trước ngày 30/11/2026", "2026-11-30"), "Báo cáo theo dõi thi hành pháp luật"),
    ]),
    ("3", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "procedures", [
        ("3.1", "Niêm yết, công khai đầy đủ thủ tục hành chính, quy trình nội bộ tại Trung tâm Phục vụ hành chính công phường", [P_PV], [],
         "Trung tâm Phục vụ hành chính công phường",
         CONT("Thường xuyên"), "Thủ tục hành chính được niêm yết"),
        ("3.2", "Giải quyết thủ tục hành chính lĩnh vực nghĩa vụ quân sự, đăng ký tạm vắng cho công dân nhập ngũ", [P_QS], [P_CA, P_PV],
         "Ban Chỉ huy quân sự phường, phối hợp: Công an phường; Trung tâm Phục vụ hành chính công phường",
         DL("Quý I/2026", "2026-03-31"), "Hồ sơ được giải quyết đúng hạn"),
        ("3.3", "Tiếp nhận, xử lý phản ánh, kiến nghị của người dân về quy định hành chính", [P_PV], [P_VP],
         "Trung tâm Phục vụ hành chính công phường; phối hợp: Văn phòng HĐND và UBND phường",
         REC("Hằng tháng", "month"), "Phản ánh, kiến nghị được xử lý"),
    ]),
    ("4", "CẢI CÁCH TỔ CHỨC BỘ MÁY", "organization", [
        ("4.1", "Rà soát chức năng, nhiệm vụ của Trạm Y tế phường sau sắp xếp", [P_VHXH], [P_YT],
         "Phòng Văn hóa - Xã hội; phối hợp: Trạm Y tế phường",
         DL("Quý II/2026", "2026-06-30"), "Báo cáo rà soát"),
    ]),
    ("5", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", "civil_service", [
        ("5.1", "Đánh giá, xếp loại chất lượng cán bộ, công chức theo kết quả, sản phẩm hằng tháng", [P_VHXH], [P_ALL],
         "Phòng Văn hóa - Xã hội; phối hợp: các phòng, đơn vị thuộc UBND phường",
         REC("Hằng tháng", "month"), "Kết quả đánh giá, xếp loại"),
        ("5.2", "Tổ chức bồi dưỡng kỹ năng giao tiếp, ứng xử cho công chức làm việc tại Trung tâm Phục vụ hành chính công", [P_VHXH], [P_PV],
         "Phòng Văn hóa - Xã hội; phối hợp: Trung tâm Phục vụ hành chính công phường",
         DL("Tháng 8/2026", "2026-08-31"), "Lớp bồi dưỡng"),
    ]),
    ("6", "CẢI CÁCH TÀI CHÍNH CÔNG", "public_finance", [
        ("6.1", "Xây dựng, ban hành Quy chế chi tiêu nội bộ năm 2026", [P_KT], [P_VP],
         "Phòng Kinh tế, Hạ tầng và Đô thị; phối hợp: Văn phòng HĐND và UBND phường",
         DL("Trước ngày 31/3/2026", "2026-03-31"), "Quy chế chi tiêu nội bộ"),
        ("6.2", "Công khai dự toán, quyết toán ngân sách phường", [P_KT], [],
         "Phòng Kinh tế, Hạ tầng và Đô thị",
         TL("Theo quy định", "scheduled"), "Văn bản công khai"),
    ]),
    ("7", "XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", "digital_government", [
        ("7.1", "Làm sạch dữ liệu dân cư, hướng dẫn người dân kích hoạt tài khoản định danh điện tử mức độ 2", [P_CA], [P_TP, P_PV],
         "Công an phường; phối hợp: Tổ dân phố, Trung tâm Phục vụ hành chính công phường",
         WIN("Quý I - Quý II/2026", "2026-01-01", "2026-06-30"), "Dữ liệu dân cư được làm sạch"),
        ("7.2", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực", [P_PV], [P_VP],
         "Trung tâm Phục vụ hành chính công phường; phối hợp: Văn phòng HĐND và UBND phường",
         TL("Năm 2026", "deadline", due="2026-12-31"), "Hồ sơ được số hóa"),
        ("7.3", "Ứng dụng hồ sơ sức khỏe điện tử, khám chữa bệnh bằng căn cước tại Trạm Y tế phường", [P_YT], [P_CA],
         "Trạm Y tế phường; phối hợp: Công an phường",
         CONT("Thường xuyên"), "Hồ sơ sức khỏe điện tử"),
    ]),
]


def _r1_txt() -> str:
    out = [R1_BODY.rstrip("\n")]
    for num, title, _area, rows in R1_SECTIONS:
        out.append("\t".join([num, title, "", "", ""]))
        for ref, text, _lead, _sup, cell, tl, outp in rows:
            out.append("\t".join([ref, text, cell, tl["raw"] or "", outp]))
    return nfc("\n".join(out) + "\n")


def _r1_gold() -> dict[str, Any]:
    tasks = [task(ref, "table", area, text, lead=lead, support=sup, timeline=tl, output=outp)
             for _n, _t, area, rows in R1_SECTIONS for ref, text, lead, sup, _c, tl, outp in rows]
    pv = [P_PV]
    inds = [
        ind(None, "hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn", "%", "=", 100, Y26, pv, "on_time_rate"),
        ind(None, "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn trình", "%", ">=", 70, Y26,
            pv, "full_online_rate"),
        ind(None, "Mức độ hài lòng của người dân, doanh nghiệp đối với sự phục vụ của cơ quan hành chính phường", "%",
            ">=", 95, Y26, pv, "satisfaction_rate"),
        ind(None, "kết quả giải quyết thủ tục hành chính được cấp bản điện tử", "%", "=", 100, Y26, pv, "e_result_rate"),
        ind(None, "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu đã được số hóa", "%", ">=", 80, Y26, pv,
            "data_reuse_rate"),
    ]
    resps = [
        {"unit": P_VHXH, "areas": ["direction", "organization", "civil_service"]},
        {"unit": P_VP, "areas": ["institutions", "digital_government"]},
        {"unit": P_PV, "areas": ["procedures"]},
        {"unit": P_KT, "areas": ["public_finance"]},
        {"unit": P_CA, "areas": []},
    ]
    plan = {"title": "Cải cách hành chính năm 2026 trên địa bàn phường Hòa Xuân Đông",
            "issuer": "UBND phường Hòa Xuân Đông", "number": "35/KH-UBND", "issued_on": "2026-02-05", "period": Y26}
    return doc(R1, plan, inds, tasks, resps)


# ====================================================================== R2 (b)
R2 = "r2_xa_ea_knop_tay_2026_2030"
P2630 = period("2026-01-01", "2030-12-31")
TO27 = period("2026-01-01", "2027-12-31")

Q_VHXH = U("phong_vhxh", "Phòng Văn hóa - Xã hội", True)
Q_VP = U("van_phong", "Văn phòng HĐND và UBND xã", True)
Q_PV = U("tt_phvhcc", "Trung tâm Phục vụ hành chính công xã", True)
Q_KT = U("phong_kinh_te", "Phòng Kinh tế", True)

R2_HEAD = """ỦY BAN NHÂN DÂN
XÃ EA KNỐP TÂY
Số: 48/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Ea Knốp Tây, ngày 16 tháng 3 năm 2026

KẾ HOẠCH
Cải cách hành chính nhà nước xã Ea Knốp Tây giai đoạn 2026 - 2030

Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030; Kế hoạch số 88/KH-UBND ngày 10/02/2026 của Ủy ban nhân dân tỉnh về cải cách hành chính nhà nước giai đoạn 2026 - 2030, Ủy ban nhân dân xã Ea Knốp Tây ban hành Kế hoạch cải cách hành chính nhà nước giai đoạn 2026 - 2030 như sau:

I. MỤC TIÊU

1. Mục tiêu chung

Xây dựng nền hành chính của xã dân chủ, chuyên nghiệp, hiện đại, tinh gọn, hiệu lực, hiệu quả; lấy người dân làm trung tâm; đẩy mạnh chuyển đổi số trong hoạt động của chính quyền xã, nhất là ở các buôn, thôn vùng sâu.

2. Mục tiêu cụ thể

Phấn đấu đạt các chỉ tiêu sau:
"""

# indicator table rows: (no, name, (cell 2027, comp, target) or None, (cell 2030, comp, target) or None, unit cell, unit, metric)
R2_IND_COLS = ["TT", "Chỉ tiêu", "Đến năm 2027", "Đến năm 2030", "Đơn vị theo dõi"]
I_PV = U("tt_phvhcc", "Trung tâm Phục vụ hành chính công xã")
I_VP = U("van_phong", "Văn phòng HĐND và UBND xã")
I_VHXH = U("phong_vhxh", "Phòng Văn hóa - Xã hội")
R2_INDS: list[tuple] = [
    ("1", "Mức độ hài lòng của người dân, tổ chức đối với việc giải quyết thủ tục hành chính",
     ("≥ 90%", ">=", 90), ("≥ 95%", ">=", 95), I_PV, "satisfaction_rate"),
    ("2", "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn",
     ("98%", "=", 98), ("100%", "=", 100), I_PV, "on_time_rate"),
    ("3", "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn trình",
     ("60%", "=", 60), ("Tối thiểu 80%", ">=", 80), I_PV, "full_online_rate"),
    ("4", "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
     ("100%", "=", 100), ("100%", "=", 100), I_PV, "digitization_rate"),
    ("5", "Tỷ lệ thanh toán trực tuyến phí, lệ phí",
     ("50%", "=", 50), ("80%", "=", 80), I_VP, "online_payment_rate"),
    ("6", "Tỷ lệ cán bộ, công chức xã được bồi dưỡng kỹ năng số",
     ("80%", "=", 80), ("100%", "=", 100), I_VHXH, None),
    ("7", "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu đã được số hóa",
     None, ("Tối thiểu 90%", ">=", 90), I_PV, "data_reuse_rate"),
]

R2_MID = """3. Yêu cầu

Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ được giao cụ thể hóa các chỉ tiêu nêu trên vào kế hoạch hằng năm; định kỳ đánh giá mức độ hoàn thành.

II. NHIỆM VỤ, GIẢI PHÁP

1. Nhiệm vụ chung

Tập trung cải cách thủ tục hành chính, chuyển đổi số và nâng cao chất lượng đội ngũ cán bộ, công chức; bảo đảm chính quyền xã vận hành thông suốt sau khi sắp xếp đơn vị hành chính.

2. Nhiệm vụ cụ thể
"""

# (number, heading, area, lead, [(text, timeline)])
R2_SECTIONS: list[tuple] = [
    ("2.1", "Công tác chỉ đạo, điều hành và thông tin, tuyên truyền", "direction", [Q_VHXH], [
        ("Ban hành kế hoạch cải cách hành chính hằng năm, kế hoạch kiểm tra, kế hoạch tuyên truyền cải cách hành chính; tổ chức thực hiện nghiêm túc, đúng tiến độ.",
         NONE_TL),  # "kế hoạch … hằng năm" names the plan, not the item's timing (seed 002's convention)
        ("Tuyên truyền cải cách hành chính bằng tiếng Việt và tiếng Ê Đê trên hệ thống loa truyền thanh các buôn, thôn.",
         NONE_TL),
        ("Gắn kết quả thực hiện nhiệm vụ cải cách hành chính với đánh giá, xếp loại và bình xét thi đua, khen thưởng của tập thể, cá nhân.",
         NONE_TL),
    ]),
    ("2.2", "Cải cách thể chế", "institutions", [Q_VP], [
        ("Nâng cao chất lượng xây dựng, ban hành văn bản quy phạm pháp luật của Hội đồng nhân dân, Ủy ban nhân dân xã.",
         NONE_TL),
        ("Thường xuyên rà soát, kiểm tra văn bản quy phạm pháp luật do xã ban hành, kịp thời sửa đổi, bổ sung hoặc bãi bỏ văn bản không còn phù hợp.",
         CONT("Thường xuyên")),
    ]),
    ("2.3", "Cải cách thủ tục hành chính", "procedures", [Q_PV], [
        ("Công khai, minh bạch thủ tục hành chính; tiếp nhận, giải quyết thủ tục hành chính không phụ thuộc vào địa giới hành chính trong phạm vi tỉnh.",
         NONE_TL),
        ("Tổ chức bộ phận hỗ trợ lưu động giải quyết thủ tục hành chính tại các buôn, thôn xa trung tâm xã, định kỳ hằng tháng.",
         REC("định kỳ hằng tháng", "month")),
        ("Rà soát, đơn giản hóa thủ tục hành chính nội bộ giữa các cơ quan, đơn vị thuộc xã; hoàn thành trong năm 2027.",
         DL("trong năm 2027", "2027-12-31")),
    ]),
    ("2.4", "Cải cách tổ chức bộ máy hành chính", "organization", [Q_VHXH], [
        ("Hoàn thiện chức năng, nhiệm vụ của các cơ quan chuyên môn, đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân xã sau sắp xếp.",
         NONE_TL),
        ("Quản lý chặt chẽ biên chế được giao; thực hiện tinh giản biên chế theo quy định.",
         NONE_TL),
    ]),
    ("2.5", "Cải cách chế độ công vụ", "civil_service", [Q_VHXH], [
        ("Xây dựng đội ngũ cán bộ, công chức có phẩm chất, năng lực, uy tín; ưu tiên tuyển dụng người dân tộc thiểu số tại chỗ.",
         NONE_TL),
        ("Đào tạo, bồi dưỡng kỹ năng số, kỹ năng quản lý nhà nước cho cán bộ, công chức giai đoạn 2026 - 2028.",
         WIN("giai đoạn 2026 - 2028", "2026-01-01", "2028-12-31")),
    ]),
    ("2.6", "Cải cách tài chính công", "public_finance", [Q_KT], [
        ("Quản lý, sử dụng hiệu quả ngân sách nhà nước, tài sản công; thực hiện công khai tài chính, ngân sách theo quy định.",
         NONE_TL),
        ("Thực hiện cơ chế tự chủ tài chính đối với Trung tâm Dịch vụ sự nghiệp công xã.",
         NONE_TL),
    ]),
    ("2.7", "Xây dựng và phát triển chính quyền số", "digital_government", [Q_VP], [
        ("Triển khai nền tảng số dùng chung của tỉnh; duy trì hệ thống quản lý văn bản và điều hành, chữ ký số trong toàn bộ cơ quan.",
         NONE_TL),
        ("Phát triển Tổ công nghệ số cộng đồng tại 100% buôn, thôn, hỗ trợ người dân sử dụng dịch vụ công trực tuyến.",
         NONE_TL),
        ("Bảo đảm an toàn, an ninh mạng cho hệ thống thông tin của xã theo cấp độ.",
         NONE_TL),
    ]),
]

R2_TAIL = """III. KINH PHÍ THỰC HIỆN

Kinh phí thực hiện Kế hoạch được bố trí từ ngân sách xã trong dự toán hằng năm và các nguồn hợp pháp khác.

IV. TỔ CHỨC THỰC HIỆN

1. Giao Phòng Văn hóa - Xã hội chủ trì, phối hợp với các cơ quan, đơn vị liên quan tham mưu thực hiện nội dung công tác chỉ đạo, điều hành, tuyên truyền cải cách hành chính, cải cách tổ chức bộ máy và cải cách chế độ công vụ; tổng hợp, báo cáo kết quả thực hiện Kế hoạch.

2. Giao Văn phòng HĐND và UBND xã chủ trì, phối hợp với Phòng Văn hóa - Xã hội tham mưu thực hiện nội dung cải cách thể chế và xây dựng chính quyền số.

3. Giao Trung tâm Phục vụ hành chính công xã chủ trì, phối hợp với Công an xã tham mưu thực hiện nội dung cải cách thủ tục hành chính.

4. Giao Phòng Kinh tế chủ trì, phối hợp với Văn phòng HĐND và UBND xã tham mưu thực hiện nội dung cải cách tài chính công.

5. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã tăng cường giám sát việc thực hiện cải cách hành chính; vận động Nhân dân tham gia, đánh giá sự phục vụ của chính quyền.

Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị báo cáo Ủy ban nhân dân xã (qua Phòng Văn hóa - Xã hội) để xem xét, giải quyết./.

Nơi nhận:
- UBND tỉnh;
- Sở Nội vụ;
- TT Đảng ủy, TT HĐND xã;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Y Thuột Niê
"""


def _r2_ind_rows() -> list[list[str]]:
    rows = [R2_IND_COLS]
    for no, name, a, b, u, _m in R2_INDS:
        rows.append([no, name, a[0] if a else "-", b[0] if b else "-", u["raw"]])
    return rows


def _r2_txt() -> str:
    out = [R2_HEAD.rstrip("\n"), ""]
    out += ["\t".join(r) for r in _r2_ind_rows()]
    out += ["", R2_MID.strip("\n"), ""]
    for num, heading, _area, _lead, items in R2_SECTIONS:
        out += [f"{num}. {heading}", ""]
        for text, _tl in items:
            out += [f"- {text}", ""]
    out.append(R2_TAIL.strip("\n"))
    return nfc("\n".join(out) + "\n")


def _r2_gold(name: str = R2) -> dict[str, Any]:
    tasks = [task(f"II.{num}", "narrative", area, text, lead=lead, timeline=tl)
             for num, _h, area, lead, items in R2_SECTIONS for text, tl in items]
    inds = []
    for no, nm, a, b, u, metric in R2_INDS:
        unit = "%"
        for cell, per in ((a, TO27), (b, P2630)):
            if cell:
                inds.append(ind(no, nm, unit, cell[1], cell[2], per, [u], metric))
    resps = [
        {"unit": U("phong_vhxh", "Phòng Văn hóa - Xã hội"), "areas": ["direction", "organization", "civil_service"]},
        {"unit": U("van_phong", "Văn phòng HĐND và UBND xã"), "areas": ["institutions", "digital_government"]},
        {"unit": U("tt_phvhcc", "Trung tâm Phục vụ hành chính công xã"), "areas": ["procedures"]},
        {"unit": U("phong_kinh_te", "Phòng Kinh tế"), "areas": ["public_finance"]},
        {"unit": U("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam xã"), "areas": []},
    ]
    plan = {"title": "Cải cách hành chính nhà nước xã Ea Knốp Tây giai đoạn 2026 - 2030",
            "issuer": "UBND xã Ea Knốp Tây", "number": "48/KH-UBND", "issued_on": "2026-03-16", "period": P2630}
    g = doc(name, plan, inds, tasks, resps)
    return g


# ---------------------------------------------------------------- R2 as .docx with real Word numbering
_NUMBERING_XML = """
<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="{aid}">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3."/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>"""
_BULLET_XML = """
<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="{aid}">
  <w:multiLevelType w:val="singleLevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>"""


def _add_numbering(document: Any) -> tuple[int, int]:
    """Add a multi-level heading list and a '-' bullet list to numbering.xml; return their numIds."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    ids = []
    for aid, xml in ((90, _NUMBERING_XML), (91, _BULLET_XML)):
        absn = parse_xml(xml.format(aid=aid))
        numbering.insert(0, absn)
        num = parse_xml(
            f'<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="{aid}">'
            f'<w:abstractNumId w:val="{aid}"/></w:num>')
        numbering.append(num)
        ids.append(aid)
    return ids[0], ids[1]


def _numbered(document: Any, text: str, num_id: int, level: int, bold: bool = False) -> None:
    from docx.oxml import parse_xml

    p = document.add_paragraph()
    p.add_run(text).bold = bold
    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml(
        '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


_HEAD_RE = re.compile(r"^(?:(?P<roman>[IVX]+)\.|(?P<sub>\d+\.\d+)\.|(?P<num>\d+)\.|(?P<dash>-))\s+(?P<text>.*)$")


def build_docx(path: Path) -> Path:
    """R2 as a Word file: headings I./1./2.1. and '-' bullets as real Word list numbering (the labels are not
    in the text), the national-motto header as a borderless two-column table, the indicator table as a
    real table with a header row."""
    from docx import Document
    from docx.shared import Pt

    d = Document()
    d.styles["Normal"].font.name = "Times New Roman"
    d.styles["Normal"].font.size = Pt(13)
    heads, bullets = _add_numbering(d)
    head_lines = R2_HEAD.split("\n")
    t0 = d.add_table(rows=3, cols=2)
    left = ["ỦY BAN NHÂN DÂN", "XÃ EA KNỐP TÂY", "Số: 48/KH-UBND"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Ea Knốp Tây, ngày 16 tháng 3 năm 2026"]
    for i in range(3):
        t0.rows[i].cells[0].text = left[i]
        t0.rows[i].cells[1].text = right[i]
    body = "\n".join(head_lines[6:]).strip("\n")

    def emit(block: str) -> None:
        for line in block.split("\n"):
            if not line.strip():
                continue
            m = _HEAD_RE.match(line)
            if not m:
                d.add_paragraph().add_run(line).bold = line.isupper()
            elif m.group("roman"):
                _numbered(d, m.group("text"), heads, 0, bold=True)
            elif m.group("sub"):
                _numbered(d, m.group("text"), heads, 2, bold=True)
            elif m.group("num"):
                _numbered(d, m.group("text"), heads, 1, bold=True)
            else:
                _numbered(d, m.group("text"), bullets, 0)

    emit(body)
    rows = _r2_ind_rows()
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c, val in enumerate(cells):
            table.rows[r].cells[c].text = val
    emit(R2_MID)
    for num, heading, _area, _lead, items in R2_SECTIONS:
        emit(f"{num}. {heading}")
        for text, _tl in items:
            emit(f"- {text}")
    emit(R2_TAIL)
    d.save(str(path))
    return path


# ====================================================================== R3 (c)
R3 = "r3_xa_thanh_loc_2026"
S_VHXH = U("phong_vhxh", "Phòng Văn hóa - Xã hội")
S_VP = U("van_phong", "Văn phòng HĐND và UBND xã")
S_KT = U("phong_kinh_te", "Phòng Kinh tế")
S_PV = U("tt_phvhcc", "Trung tâm Phục vụ hành chính công xã")
S_SN = U("tt_dvsnc", "Trung tâm Dịch vụ sự nghiệp công xã")
S_ALL = U("all_units", "Các cơ quan, đơn vị thuộc xã")
S_REL = U("related_units", "Các cơ quan, đơn vị có liên quan")
S_CA = U("other", "Công an xã")
S_MT = U("mttq", "Ủy ban MTTQ Việt Nam xã")
S_UB = U("ubnd", "Chủ tịch UBND xã")

R3_BODY = """UBND XÃ THẠNH LỘC
Số: 07/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Thạnh Lộc, ngày 14 tháng 01 năm 2026

KẾ HOẠCH
Thực hiện nhiệm vụ cải cách hành chính năm 2026

Thực hiện Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông; Quyết định số 1520/QĐ-UBND ngày 25/12/2025 của UBND tỉnh ban hành Kế hoạch cải cách hành chính năm 2026, UBND xã Thạnh Lộc xây dựng Kế hoạch thực hiện nhiệm vụ cải cách hành chính năm 2026 như sau:

I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích

Thực hiện đồng bộ các nhiệm vụ cải cách hành chính; cải thiện Chỉ số cải cách hành chính (PAR INDEX) và Chỉ số hài lòng (SIPAS) của xã năm 2026 so với năm 2025.

2. Yêu cầu

Nhiệm vụ phải gắn với sản phẩm, thời hạn cụ thể; 03 lớp tập huấn nghiệp vụ và 02 đợt kiểm tra trong năm được bố trí kinh phí đầy đủ.

II. CHỈ TIÊU CỤ THỂ

1. Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn không thấp hơn 98%.

2. Tỷ lệ hồ sơ tiếp nhận, giải quyết trực tuyến từ 85% trở lên.

3. 100% thủ tục hành chính được công khai đầy đủ, đúng quy định trên Cổng Dịch vụ công quốc gia (trừ thủ tục hành chính có yếu tố bí mật nhà nước).

4. Thanh toán trực tuyến phí, lệ phí đạt trên 50% số hồ sơ có phát sinh phí, lệ phí.

5. Giảm ít nhất 30% thời gian giải quyết đối với hồ sơ nộp trực tuyến so với hồ sơ nộp trực tiếp.

6. 100% hồ sơ được cập nhật, xử lý trên Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; 100% kết quả giải quyết thủ tục hành chính được số hóa.

7. Tổ chức ít nhất 02 hội nghị đối thoại giữa Chủ tịch UBND xã với người dân, doanh nghiệp về thủ tục hành chính.

8. Hoàn thành 100% nhiệm vụ tại Phụ lục kèm theo Kế hoạch này đúng thời hạn.

III. NHIỆM VỤ

Các nhiệm vụ cụ thể tại Phụ lục kèm theo.

IV. TỔ CHỨC THỰC HIỆN

1. Phòng Văn hóa - Xã hội: tham mưu UBND xã chỉ đạo, điều hành, kiểm tra và tuyên truyền cải cách hành chính; chủ trì cải cách tổ chức bộ máy, cải cách chế độ công vụ; theo dõi chỉ tiêu 8.

2. Văn phòng HĐND và UBND xã: chủ trì cải cách thể chế, chuyển đổi số.

3. Trung tâm Phục vụ hành chính công xã: chủ trì cải cách thủ tục hành chính; theo dõi các chỉ tiêu 1 đến 7.

4. Phòng Kinh tế: chủ trì cải cách tài chính công.

Nơi nhận:
- UBND tỉnh;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Trần Quốc Việt

PHỤ LỤC
NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026 CỦA XÃ THẠNH LỘC
(Kèm theo Kế hoạch số 07/KH-UBND ngày 14/01/2026 của UBND xã Thạnh Lộc)

STT	Nhiệm vụ	Cơ quan chủ trì	Cơ quan phối hợp	Thời gian hoàn thành	Ghi chú
"""

# (area title, area, rows); row = (ref, text, lead, support, timeline)
R3_SECTIONS: list[tuple] = [
    ("CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "direction", [
        ("1", "Xây dựng, ban hành Kế hoạch kiểm tra cải cách hành chính năm 2026", [S_VHXH], [S_ALL],
         TL("Trong vòng 30 ngày kể từ ngày Kế hoạch được ban hành", "relative", off=30)),
        ("2", "Báo cáo kết quả thực hiện cải cách hành chính", [S_VHXH], [S_ALL], REC("Định kỳ 6 tháng", None)),
        ("3", "Tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2026", [S_VHXH], [S_ALL],
         DL("Trước ngày 20/12/2026", "2026-12-20")),
    ]),
    ("CẢI CÁCH THỂ CHẾ", "institutions", [
        ("4", "Ban hành văn bản quy định chi tiết thi hành pháp luật thuộc thẩm quyền của xã", [S_VP], [S_REL],
         TL("Ngay sau khi có văn bản hướng dẫn", "conditional")),
        ("5", "Tổ chức 03 lớp tập huấn, phổ biến pháp luật cho cán bộ, công chức và người dân", [S_VP], [S_MT],
         WIN("Từ tháng 4 đến tháng 6/2026", "2026-04-01", "2026-06-30")),
    ]),
    ("CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "procedures", [
        ("6", "Tổ chức hội nghị đối thoại giữa Chủ tịch UBND xã với người dân, doanh nghiệp về thủ tục hành chính", [S_UB],
         [S_PV, S_MT], DL("Tháng 9/2026", "2026-09-30")),
        ("7", "Rà soát, đánh giá thủ tục hành chính thuộc thẩm quyền giải quyết của xã, đề xuất phương án đơn giản hóa",
         [S_PV], [S_ALL], DL("Quý IV năm 2026", "2026-12-31")),
        ("8", "Cập nhật, công khai thủ tục hành chính trên Cổng Dịch vụ công quốc gia", [S_PV], [],
         CONT("Thường xuyên")),
    ]),
    ("CẢI CÁCH TỔ CHỨC BỘ MÁY", "organization", [
        ("9", "Kiện toàn tổ chức, hoạt động của Trung tâm Dịch vụ sự nghiệp công xã", [S_VHXH], [S_SN],
         TL("Theo lộ trình của UBND tỉnh", "scheduled")),
    ]),
    ("CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", "civil_service", [
        ("10", "Kiểm tra công vụ, việc chấp hành kỷ luật, kỷ cương hành chính", [S_VHXH], [S_ALL], REC("Hằng quý", "quarter")),
    ]),
    ("CẢI CÁCH TÀI CHÍNH CÔNG", "public_finance", [
        ("11", "Rà soát, điều chỉnh Quy chế chi tiêu nội bộ", [S_KT], [S_ALL], DL("Quý I/2026", "2026-03-31")),
    ]),
    ("XÂY DỰNG CHÍNH QUYỀN SỐ", "digital_government", [
        ("12", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", [S_PV], [S_VP], DL("Năm 2026", "2026-12-31")),
        ("13", "Triển khai các nhiệm vụ của Đề án 06 trên địa bàn xã", [S_CA], [S_PV, S_VP],
         WIN("Năm 2026 - 2027", "2026-01-01", "2027-12-31")),
    ]),
]


def _r3_txt() -> str:
    out = [R3_BODY.rstrip("\n")]
    for title, _area, rows in R3_SECTIONS:
        out.append("\t".join(["", title, "", "", "", ""]))
        for ref, text, lead, sup, tl in rows:
            out.append("\t".join([ref, text, ", ".join(u["raw"] for u in lead), ", ".join(u["raw"] for u in sup),
                                  tl["raw"] or "", ""]))
    return nfc("\n".join(out) + "\n")


def _r3_gold() -> dict[str, Any]:
    tasks = [task(ref, "table", area, text, lead=lead, support=sup, timeline=tl)
             for _t, area, rows in R3_SECTIONS for ref, text, lead, sup, tl in rows]
    pv, vh = [S_PV], [S_VHXH]
    inds = [
        ind("1", "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn", "%", ">=", 98, Y26, pv, "on_time_rate"),
        ind("2", "Tỷ lệ hồ sơ tiếp nhận, giải quyết trực tuyến", "%", ">=", 85, Y26, pv, "online_rate"),
        ind("3", "thủ tục hành chính được công khai đầy đủ, đúng quy định trên Cổng Dịch vụ công quốc gia (trừ thủ "
            "tục hành chính có yếu tố bí mật nhà nước)", "%", "=", 100, Y26, pv, None),
        ind("4", "Thanh toán trực tuyến phí, lệ phí", "%", ">", 50, Y26, pv, "online_payment_rate"),
        ind("5", "Giảm thời gian giải quyết đối với hồ sơ nộp trực tuyến so với hồ sơ nộp trực tiếp", "%", ">=", 30,
            Y26, pv, "online_time_reduction"),
        ind("6", "hồ sơ được cập nhật, xử lý trên Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh", "%",
            "=", 100, Y26, pv, "portal_sync_rate"),
        ind("6", "kết quả giải quyết thủ tục hành chính được số hóa", "%", "=", 100, Y26, pv, "digitization_rate"),
        ind("7", "Tổ chức hội nghị đối thoại giữa Chủ tịch UBND xã với người dân, doanh nghiệp về thủ tục hành chính",
            "hội nghị", ">=", 2, Y26, pv, None),
        ind("8", "Hoàn thành nhiệm vụ tại Phụ lục kèm theo Kế hoạch này đúng thời hạn", "%", "=", 100, Y26, vh,
            "task_completion_rate"),
    ]
    resps = [
        {"unit": S_VHXH, "areas": ["direction", "organization", "civil_service"]},
        {"unit": S_VP, "areas": ["institutions", "digital_government"]},
        {"unit": S_PV, "areas": ["procedures"]},
        {"unit": S_KT, "areas": ["public_finance"]},
    ]
    plan = {"title": "Thực hiện nhiệm vụ cải cách hành chính năm 2026", "issuer": "UBND xã Thạnh Lộc",
            "number": "07/KH-UBND", "issued_on": "2026-01-14", "period": Y26}
    return doc(R3, plan, inds, tasks, resps)


# ====================================================================== R4 (d): R2 degraded like OCR
R4 = "r4_xa_ea_knop_tay_2026_2030_ocr"
_WORD = re.compile(r"[^\W\d_]+")
_CONFUSE = {"ư": "u", "ơ": "o", "đ": "d", "Đ": "D", "ê": "é", "ô": "ó", "ă": "â", "ề": "é", "ờ": "ò", "ạ": "a"}
_GLYPH = {"ư": "w", "ố": "6", "ô": "6", "ồ": "6", "l": "1", "I": "1"}


def _strip(ch: str) -> str:
    d = unicodedata.normalize("NFD", ch)
    base = "".join(c for c in d if unicodedata.category(c) != "Mn")
    return "d" if ch == "đ" else "D" if ch == "Đ" else base


def _degrade_word(w: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.65:
        return "".join(_strip(c) for c in w)
    if r < 0.85:
        return "".join(_CONFUSE.get(c, c) if rng.random() < 0.5 else c for c in w)
    if r < 0.90:
        return "".join(_GLYPH.get(c, c) if rng.random() < 0.3 else c for c in w)
    return w


def degrade_words(text: str, seed: int = 2030) -> str:
    """OCR-like damage that keeps every character's position: marks lost or confused, glyph swaps."""
    rng = random.Random(seed)
    return _WORD.sub(lambda m: _degrade_word(m.group(0), rng), nfc(text))


def wrap(text: str, seed: int = 7) -> str:
    """Hard line breaks at 78 characters and, now and then, a page break (blank lines) inside a paragraph;
    table rows (TAB lines) are left whole."""
    rng = random.Random(seed)
    out: list[str] = []
    for line in text.split("\n"):
        if "\t" in line:
            out.append(line)
            continue
        while len(line) > 78:
            cut = line.rfind(" ", 0, 78)
            if cut <= 0:
                break
            out.append(line[:cut])
            line = line[cut + 1:]
            if rng.random() < 0.06:
                out += ["", ""]
        out.append(line)
    return "\n".join(out)


def _r4_source() -> str:
    # the scanned headings lose their roman numerals' shape: "I." -> "|.", "II." -> "Il."
    return _r2_txt().replace("\nI. MỤC TIÊU", "\n|. MỤC TIÊU").replace("\nII. NHIỆM VỤ, GIẢI PHÁP",
                                                                        "\nIl. NHIỆM VỤ, GIẢI PHÁP")


def _r4_txt() -> str:
    return wrap(degrade_words(_r4_source())).rstrip("\n") + "\n"


def _r4_gold() -> dict[str, Any]:
    """R2's gold with every text field replaced by the same span of the degraded document (the issuer,
    a normalised value, stays)."""
    src = _r4_source()
    bad = degrade_words(src)
    assert len(bad) == len(src)

    def span(s: str | None, lo: int = 0) -> str | None:
        if s is None:
            return None
        i = src.find(s, lo)
        assert i >= 0, s
        return bad[i:i + len(s)]

    org = src.index("IV. TỔ CHỨC THỰC HIỆN")
    g = json.loads(json.dumps(_r2_gold(R4), ensure_ascii=False))
    g["plan"]["title"] = span(g["plan"]["title"])
    cursor = src.index("2. Nhiệm vụ cụ thể")
    for t in g["tasks"]:
        start = src.index(t["task"], cursor)
        t["task"] = span(t["task"], start)
        t["timeline"]["raw"] = span(t["timeline"]["raw"], start)
        for r in t["lead"]:
            r["raw"] = span(r["raw"], org)
        cursor = start + 1
    for i in g["indicators"]:
        i["name"] = span(i["name"])
        for r in i["responsible"]:
            r["raw"] = span(r["raw"])
    for r in g["responsibilities"]:
        r["unit"]["raw"] = span(r["unit"]["raw"], org)
    return g


# ====================================================================== write
def write_all(folder: Path = HERE) -> None:
    docs = {R1: (_r1_txt(), _r1_gold()), R2: (_r2_txt(), _r2_gold()), R3: (_r3_txt(), _r3_gold()),
            R4: (_r4_txt(), _r4_gold())}
    for name, (txt, gold) in docs.items():
        (folder / f"{name}.txt").write_text(txt, encoding="utf-8")
        (folder / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    build_docx(folder / f"{R2}.docx")


if __name__ == "__main__":
    write_all()
    print("written:", ", ".join(sorted(p.name for p in HERE.iterdir() if p.suffix in {".txt", ".json", ".docx"})))
