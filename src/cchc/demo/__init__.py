"""Demo data: a real Hải Phòng ward, users of every role, the sample plan, two quarters of reports, a year of
dossiers (`service_quality`) and a PAR-index self-assessment (`parindex`)."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

import cchc
from cchc.auth import users
from cchc.domain.periods import Period, PeriodKind
from cchc.domain.plan import TimelineKind
from cchc.domain.statuses import ReviewStatus, TaskStatus
from cchc.domain.units import UnitKind
from cchc.kernel import localities
from cchc.kernel.actor import Actor, Role
from cchc.services import extensions, indicators, plans, progress, tasks

__all__ = ["DEMO_LOCALITY", "DemoResult", "seed_demo"]

# Phường Hoà Bình, Thành phố Hải Phòng (vietnam-provinces code 11533): the sample plan's "Hòa Bình".
DEMO_LOCALITY = 11533
SAMPLE_NAMES = ("ke-hoach-cchc-2026-xa-hoa-binh.docx", "ke-hoach-cchc-2026-xa-hoa-binh.txt")

# Used only when the team's sample document is not beside the package (an installed wheel).
FALLBACK_PLAN = """ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHƯỜNG HÒA BÌNH\tĐộc lập - Tự do - Hạnh phúc
Số: 15/KH-UBND\tHòa Bình, ngày 12 tháng 01 năm 2026

KẾ HOẠCH
Cải cách hành chính nhà nước năm 2026 của phường Hòa Bình
I. CHỈ TIÊU CHỦ YẾU NĂM 2026
1. Tỷ lệ hồ sơ được tiếp nhận và giải quyết trực tuyến đạt tối thiểu 80% tổng số hồ sơ.
II. NHIỆM VỤ, GIẢI PHÁP

STT\tNhiệm vụ\tChủ trì\tPhối hợp\tThời gian\tKết quả/Sản phẩm
I\tCÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH
1.\tXây dựng, ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2026\tPhòng Văn hóa - Xã hội\tVăn phòng HĐND và UBND\tQuý I/2026\tKế hoạch kiểm tra
2.\tTổng hợp, báo cáo kết quả thực hiện cải cách hành chính\tPhòng Văn hóa - Xã hội\tCác phòng, đơn vị thuộc phường\tHằng quý\tBáo cáo quý
II\tCẢI CÁCH THỦ TỤC HÀNH CHÍNH
1.\tRà soát, đơn giản hóa thủ tục hành chính\tPhòng Kinh tế, Hạ tầng và Đô thị\tTrung tâm Phục vụ hành chính công\tTrước 30/6/2026\tBáo cáo rà soát
2.\tSố hóa hồ sơ, kết quả giải quyết thủ tục hành chính\tTrung tâm Phục vụ hành chính công\tVăn phòng HĐND và UBND\tTrước 30/9/2026\tHồ sơ được số hóa

III. TỔ CHỨC THỰC HIỆN
Phòng Văn hóa - Xã hội là cơ quan thường trực, theo dõi, tổng hợp, báo cáo.
"""

_USERS: list[tuple[str, Role, UnitKind | None, str]] = [
    ("demo.quantri", Role.ADMIN, None, "Quản trị hệ thống"),
    ("demo.thuongtruc", Role.STANDING_OFFICE, None, "Nguyễn Thị Hoa (Phòng VH-XH)"),
    ("demo.chutich", Role.LEADER, None, "Trần Văn Bình (Chủ tịch UBND)"),
    ("demo.sonoivu", Role.CITY_REVIEWER, None, "Lê Minh Châu (Sở Nội vụ Hải Phòng)"),
    ("demo.bonoivu", Role.MINISTRY_REVIEWER, None, "Ngô Quang Khải (Bộ Nội vụ)"),
    ("demo.vanphong", Role.UNIT_OFFICER, UnitKind.VAN_PHONG, "Phạm Thu Dung (Văn phòng)"),
    ("demo.vhxh", Role.UNIT_OFFICER, UnitKind.PHONG_VHXH, "Đỗ Thị Giang (Phòng VH-XH)"),
    ("demo.kinhte", Role.UNIT_OFFICER, UnitKind.PHONG_KINH_TE, "Vũ Văn Hải (Phòng KT-HT-ĐT)"),
    ("demo.ttpvhcc", Role.UNIT_OFFICER, UnitKind.TT_PHVHCC, "Hoàng Thị Lan (TT PVHCC)"),
    ("demo.ttdvsnc", Role.UNIT_OFFICER, UnitKind.TT_DVSNC, "Bùi Văn Minh (TT DVSNC)"),
]


@dataclass(frozen=True)
class DemoResult:
    locality_code: int
    plan_id: int
    credentials: list[tuple[str, str, Role]]

    def to_json(self) -> dict[str, Any]:
        return {
            "locality_code": self.locality_code,
            "plan_id": self.plan_id,
            "credentials": [[u, p, r.value] for u, p, r in self.credentials],
        }


def _sample() -> tuple[str, bytes]:
    root = Path(cchc.__file__).resolve().parents[2] / "samples"
    for name in SAMPLE_NAMES:
        path = root / name
        if path.is_file():
            return name, path.read_bytes()
    return "ke-hoach-cchc-2026-demo.txt", FALLBACK_PLAN.encode("utf-8")


def _periods(today: date, start: date, end: date) -> list[Period]:
    cur = Period.containing(today, PeriodKind.QUARTER)
    wanted = [cur.previous().previous(), cur.previous()]
    inside = [p for p in wanted if p.start >= start and p.end <= end]
    if len(inside) == 2:
        return inside
    first = Period.containing(start, PeriodKind.QUARTER)
    return [first, first.next()]


def seed_demo(session: Session, *, data_dir: Path, today: date | None = None) -> DemoResult:
    """Create the demo ward with users, the sample plan (published) and two quarters of reports.

    Example: `with session_scope() as s: print(seed_demo(s, data_dir=Path("data")).credentials)`
    """
    day = today or date.today()
    rng = random.Random(2026)
    system = Actor.system(ip="demo")
    localities.seed_localities(session)
    units = {u.kind: u for u in localities.list_units(session, system, locality_code=DEMO_LOCALITY)}
    credentials: list[tuple[str, str, Role]] = []
    actors: dict[str, Actor] = {}
    by_unit: dict[int, Actor] = {}
    for username, role, kind, full_name in _USERS:
        password = secrets.token_urlsafe(9)
        spec: dict[str, Any] = {}
        if role in (Role.STANDING_OFFICE, Role.LEADER, Role.UNIT_OFFICER):
            spec["locality_code"] = DEMO_LOCALITY
        if role is Role.CITY_REVIEWER:
            spec["province_code"] = 31
        if kind is not None:
            spec["unit_id"] = units[kind].id
        view = users.create_user(
            session, system, username=username, password=password, role=role, full_name=full_name, **spec
        )
        credentials.append((username, password, role))
        actor = users.actor_for_user(session, user_id=view.id, ip="demo")
        actors[username] = actor
        if view.unit_id is not None:
            by_unit[view.unit_id] = actor
    office, leader = actors["demo.thuongtruc"], actors["demo.chutich"]

    name, content = _sample()
    plan = plans.import_plan(
        session, office, content=content, filename=name, locality_code=DEMO_LOCALITY, data_dir=data_dir
    )
    # The review step: name a lead unit where the document left it to "related units".
    for t in plan.tasks:
        if not t.lead:
            plans.update_task(
                session,
                office,
                task_id=t.id,
                version=t.version,
                changes={"lead_unit_ids": [units[UnitKind.PHONG_VHXH].id]},
            )
    plan = plans.get_plan(session, office, plan_id=plan.id)
    plan = plans.publish_plan(session, office, plan_id=plan.id, version=plan.version)
    start = plan.period_start or date(day.year, 1, 1)
    end = plan.period_end or date(day.year, 12, 31)
    periods = _periods(day, start, end)

    # A trigger for the first task waiting for one, and an approved extension.
    for t in plan.tasks:
        if t.timeline_kind in (TimelineKind.RELATIVE.value, TimelineKind.CONDITIONAL.value):
            tasks.record_trigger(
                session,
                office,
                task_id=t.id,
                occurred_on=periods[0].start + timedelta(days=20),
                description="Thành phố ban hành văn bản hướng dẫn (demo)",
                due_on=periods[1].end if t.timeline_kind == TimelineKind.CONDITIONAL.value else None,
            )
            break

    for per in periods:
        reviewed: list[tuple[int, int]] = []
        for index, t in enumerate(plans.get_plan(session, office, plan_id=plan.id, today=per.end).tasks):
            for link in t.lead:
                if not progress_expected(session, office, t.id, per):
                    continue
                roll = rng.random()
                if (index + per.index) % 7 == 3:
                    continue  # a missing report
                officer = by_unit.get(link.unit_id, office)
                due = t.computed_due
                if due is not None and due <= per.end and index % 4 != 1:
                    late = index % 4 == 2
                    done_on = min(due + timedelta(days=7), per.end) if late else due - timedelta(days=3)
                    status, percent = TaskStatus.DONE, 100
                elif due is not None and due <= per.end:
                    # Left unfinished past its due date: shows as overdue.
                    status, percent, done_on = TaskStatus.IN_PROGRESS, rng.choice([50, 60, 70, 80]), None
                else:
                    status, percent, done_on = TaskStatus.IN_PROGRESS, rng.choice([20, 30, 40, 60]), None
                report = progress.submit_progress(
                    session,
                    officer,
                    task_id=t.id,
                    period=per.code,
                    unit_id=link.unit_id,
                    status=status,
                    percent=percent,
                    done_on=done_on,
                    results=_narrative(t.task, status, percent, late=due is not None and due <= per.end,
                                       n=index + per.index, rng=rng),
                    difficulties=_difficulty(index + per.index) if roll > 0.5 else None,
                    proposals=_proposal(index + per.index) if (index + per.index) % 6 == 0 else None,
                    evidence_number=f"{rng.randint(10, 250)}/BC-{_UNIT_SYMBOL.get(link.kind, 'UBND')}",
                    evidence_date=min(per.end, per.start + timedelta(days=rng.randint(30, 80))),
                )
                reviewed.append((report.id, report.version))
        for i, (report_id, version) in enumerate(reviewed):
            if i % 5 in (0, 1, 2):
                progress.review_progress(
                    session, office, report_id=report_id, version=version, decision=ReviewStatus.ACCEPTED
                )
            elif i % 5 == 3:
                progress.review_progress(
                    session,
                    office,
                    report_id=report_id,
                    version=version,
                    decision=ReviewStatus.RETURNED,
                    comment="Đề nghị bổ sung số liệu và văn bản minh chứng.",
                )
        for ind in plan.indicators:
            if ind.unit == "%":
                den = rng.randint(800, 1500)
                share = min(0.99, max(0.3, ind.target / 100 + rng.uniform(-0.12, 0.05)))
                indicators.record_measurement(
                    session,
                    office,
                    indicator_id=ind.id,
                    period=per.code,
                    numerator=round(den * share),
                    denominator=den,
                    evidence="Số liệu Hệ thống thông tin giải quyết TTHC (demo)",
                )
            else:
                indicators.record_measurement(
                    session,
                    office,
                    indicator_id=ind.id,
                    period=per.code,
                    value=round(ind.target * rng.uniform(0.3, 0.7)),
                )

    # One extension: asked by the lead unit of an overdue task, approved by the chairman.
    for t in plans.get_plan(session, office, plan_id=plan.id, today=day).tasks:
        if t.status is TaskStatus.OVERDUE and t.lead:
            officer = by_unit.get(t.lead[0].unit_id, office)
            request = extensions.request_extension(
                session,
                officer,
                task_id=t.id,
                new_due_on=day + timedelta(days=45),
                reason="Chờ hướng dẫn chuyên môn của thành phố.",
            )
            extensions.decide_extension(
                session, leader, extension_id=request.id, approve=True, comment="Đồng ý gia hạn một lần."
            )
            break
    # Service indicators: synthetic dossiers of the plan year up to `day`, and the indicators' actuals from them.
    from cchc.demo.service_quality import seed_demo_dossiers

    seed_demo_dossiers(session, office, locality_code=DEMO_LOCALITY, year=start.year, today=day, data_dir=data_dir)
    # The PAR-index self-assessment of the plan year, pre-filled from the data above and appraised by the city.
    from cchc.demo.parindex import seed_demo_parindex

    seed_demo_parindex(session, office, actors["demo.sonoivu"], locality_code=DEMO_LOCALITY, year=start.year,
                       today=day, data_dir=data_dir)
    return DemoResult(DEMO_LOCALITY, plan.id, credentials)


# The symbol of each unit's documents (`25/BC-VP`), as the units sign them.
_UNIT_SYMBOL = {UnitKind.VAN_PHONG: "VP", UnitKind.PHONG_VHXH: "VHXH", UnitKind.PHONG_KINH_TE: "KT",
                UnitKind.TT_PHVHCC: "TTPVHCC", UnitKind.TT_DVSNC: "TTDVSNC", UnitKind.UBND: "UBND"}

# What units write they did, with quantities and outcomes (one is picked per task and period).
_DONE_WORDS = (
    "ban hành {doc} số {num}/KH-UBND, triển khai đến {units} phòng, đơn vị và {villages} tổ dân phố",
    "tổ chức {meetings} hội nghị quán triệt với {people} lượt cán bộ, công chức tham dự",
    "rà soát {items} thủ tục hành chính, kiến nghị đơn giản hóa {fixed} thủ tục",
    "kiểm tra {units} phòng, đơn vị; yêu cầu khắc phục {fixed} tồn tại, đến nay đã khắc phục xong",
    "đăng tải {posts} tin, bài trên trang thông tin điện tử và phát {posts2} lượt trên hệ thống loa truyền thanh",
    "số hóa {items} hồ sơ, kết quả giải quyết thủ tục hành chính, cập nhật lên kho dữ liệu của phường",
)
_PROGRESS_WORDS = (
    "đã hoàn thành dự thảo, đang lấy ý kiến {units} phòng, đơn vị",
    "đã rà soát {items}/{total} hồ sơ, dự kiến hoàn thành trong kỳ tới",
    "đã tổ chức {meetings} lớp tập huấn cho {people} lượt công chức, còn {left} lớp theo kế hoạch",
    "đã cập nhật {items} bản ghi dữ liệu, đang đối chiếu với dữ liệu dân cư",
    "đã đăng tải {posts} tin, bài, đang biên tập chuyên mục hỏi đáp về thủ tục hành chính",
)
_DONE_KEYS = (("ban hành", "kế hoạch"), ("hội nghị", "tập huấn", "bồi dưỡng"), ("rà soát", "thủ tục"),
              ("kiểm tra",), ("tuyên truyền",), ("số hóa", "dữ liệu"))
_PROGRESS_KEYS = (("xây dựng", "ban hành", "kế hoạch"), ("rà soát", "hồ sơ"), ("tập huấn", "bồi dưỡng", "hướng dẫn"),
                  ("dữ liệu", "số hóa", "cập nhật"), ("tuyên truyền",))
_LATE_WORDS = (
    "chậm so với thời hạn do chờ hướng dẫn chuyên môn của thành phố",
    "chậm do phải điều chỉnh theo văn bản mới của cấp trên ban hành trong kỳ",
    "chậm do công chức phụ trách nghỉ chế độ, chưa bố trí được người thay thế",
)


def _fill(template: str, rng: random.Random) -> str:
    items = rng.randint(40, 400)
    return template.format(doc="Kế hoạch", num=rng.randint(20, 220), units=rng.randint(4, 9),
                           villages=rng.randint(8, 21), meetings=rng.randint(1, 4), people=rng.randint(35, 160),
                           items=items, total=items + rng.randint(20, 200), fixed=rng.randint(2, 12),
                           posts=rng.randint(6, 30), posts2=rng.randint(20, 90), left=rng.randint(1, 3))


def _narrative(task: str, status: TaskStatus, percent: int, *, late: bool, n: int = 0,
               rng: random.Random | None = None) -> str:
    """A unit's own words on a task: what was done with quantities and outcomes, why it is late."""
    rng = rng or random.Random(n)
    low = task.lower()
    if status is TaskStatus.DONE:
        pick = next((i for i, words in enumerate(_DONE_KEYS) if any(w in low for w in words)), n % len(_DONE_WORDS))
        return _cap(_fill(_DONE_WORDS[pick], rng)) + "."
    pick = next((i for i, words in enumerate(_PROGRESS_KEYS) if any(w in low for w in words)),
                n % len(_PROGRESS_WORDS))
    done = _cap(_fill(_PROGRESS_WORDS[pick], rng))
    if late:
        return f"{done}; {_LATE_WORDS[n % len(_LATE_WORDS)]}."
    return f"{done}."


def _difficulty(n: int) -> str:
    return ("Thiếu nhân lực chuyên trách.", "Kinh phí thực hiện chưa được bố trí kịp thời.",
            "Hạ tầng công nghệ thông tin chưa đồng bộ, đường truyền chậm.")[n % 3]


def _proposal(n: int) -> str:
    return ("Đề nghị bố trí thêm 01 công chức cho bộ phận một cửa.",
            "Đề nghị thành phố tổ chức tập huấn sử dụng hệ thống thông tin giải quyết thủ tục hành chính.")[n % 2]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def progress_expected(session: Session, actor: Actor, task_id: int, period: Period) -> bool:
    from cchc.kernel.schedule import report_expected
    from cchc.services.plans import get_plan_row, get_task_row

    task, plan = get_task_row(session, actor, task_id)
    get_plan_row(session, actor, plan.id)
    return report_expected(task, period, plan.period_start)
