"""Drafts and numbered versions of a report on disk: save, generate, list, approve, download."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import Inconsistent, InvalidInput, NotFound, PermissionDenied
from cchc.domain.periods import Period
from cchc.kernel.actor import Actor, Role
from cchc.kernel.audit import record_event
from cchc.notify.events import notify_report_version
from cchc.reporting.drafting import (
    build_report_data,
)
from cchc.reporting.editing import (
    EDITABLE_FIELDS,
    NARRATIVE_FIELDS,
    apply_edits,
    draft_texts,
)
from cchc.reporting.periods import (
    _kind_name,
    _period_key,
    resolve_period,
)
from cchc.reporting.quality import (
    ServiceQualitySource,
)
from cchc.reports.data import (
    ReportData,
)
from cchc.reports.snapshot import ReportSnapshot


@dataclass(frozen=True)
class ReportVersion:
    version: int
    period: str
    kind: str
    locality_code: int
    created_by: str
    created_at: datetime
    sha256: str
    files: dict[str, str]  # fmt → file name
    approved_by: str | None = None
    approved_at: datetime | None = None
    job_id: int | None = None  # the background job that generated it, when one did

    @property
    def approved(self) -> bool:
        return self.approved_by is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "period": self.period,
            "kind": self.kind,
            "locality_code": self.locality_code,
            "created_by": self.created_by,
            "created_at": self.created_at.isoformat(),
            "sha256": self.sha256,
            "files": dict(self.files),
            "approved_by": self.approved_by,
            "approved_at": self.approved_at.isoformat() if self.approved_at else None,
            **({"job_id": self.job_id} if self.job_id is not None else {}),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ReportVersion:
        return cls(
            version=int(d["version"]),
            period=d["period"],
            kind=d["kind"],
            locality_code=int(d["locality_code"]),
            created_by=d["created_by"],
            created_at=datetime.fromisoformat(d["created_at"]),
            sha256=d["sha256"],
            files=dict(d["files"]),
            approved_by=d.get("approved_by"),
            approved_at=datetime.fromisoformat(d["approved_at"]) if d.get("approved_at") else None,
            job_id=int(d["job_id"]) if d.get("job_id") is not None else None,
        )


@dataclass(frozen=True)
class ReportDraft:
    """The report being prepared: data (with edits applied), the editable texts, who edited last."""

    data: ReportData
    texts: dict[str, str]
    edits: dict[str, str]
    updated_by: str | None
    updated_at: datetime | None
    versions: list[ReportVersion]

    def to_json(self) -> dict[str, Any]:
        return {
            "data": self.data.to_json(),
            "texts": self.texts,
            "edits": self.edits,
            "updated_by": self.updated_by,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
            "versions": [v.to_json() for v in self.versions],
        }


def _data_dir(data_dir: Path | None) -> Path:
    if data_dir is not None:
        return Path(data_dir)
    from cchc.settings import get_settings

    return get_settings().data_dir


def _folder(data_dir: Path | None, locality_code: int, per: Period) -> Path:
    return _data_dir(data_dir) / "reports" / str(int(locality_code)) / per.code


def _read_json(path: Path, default: Any) -> Any:
    if not path.exists():
        return default
    return json.loads(path.read_text(encoding="utf-8"))


def _write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def _complete(path: Path, write: Callable[[Path], Any]) -> Path:
    """`write(tmp)` a file under a temporary `.part` name beside `path`, then rename it to `path`."""
    tmp = path.with_name(f".{path.name}.part")
    try:
        write(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _province(session: Session, locality_code: int) -> int | None:
    from cchc.kernel.access import province_of

    return province_of(session, locality_code)


def _require_read(session: Session, actor: Actor, locality_code: int) -> None:
    actor.require_read(locality_code, _province(session, locality_code))


def _rows(session: Session, locality_code: int, per: Period) -> list[Any]:
    from sqlalchemy import select

    from cchc.store.models_reports import ReportVersionRow

    return list(
        session.scalars(
            select(ReportVersionRow)
            .where(ReportVersionRow.locality_code == int(locality_code), ReportVersionRow.period == per.code)
            .order_by(ReportVersionRow.version)
        )
    )


def _aware(v: datetime | None) -> datetime | None:
    return v.replace(tzinfo=UTC) if v is not None and v.tzinfo is None else v


def _view(row: Any) -> ReportVersion:
    return ReportVersion(
        version=row.version,
        period=row.period,
        kind=row.kind,
        locality_code=row.locality_code,
        created_by=row.created_by,
        created_at=_aware(row.created_at),  # type: ignore[arg-type]
        sha256=row.sha256,
        files=dict(row.files),
        approved_by=row.approved_by,
        approved_at=_aware(row.approved_at),
    )


def _versions(session: Session, locality_code: int, per: Period) -> list[ReportVersion]:
    """The versions of a report, oldest first, from their database rows."""
    return [_view(r) for r in _rows(session, locality_code, per)]


def version_snapshot(
    session: Session, actor: Actor, *, locality_code: int, period: str, version: int, kind: str | None = None
) -> ReportSnapshot:
    """The figures a version states, as stored with it."""
    per = resolve_period(period, kind)
    _require_read(session, actor, locality_code)
    row = next((r for r in _rows(session, locality_code, per) if r.version == version), None)
    if row is None:
        raise NotFound(f"Không có phiên bản {version} của báo cáo {per.code}.", where="version")
    return ReportSnapshot.from_json(row.snapshot)


def _find_version(versions: Sequence[ReportVersion], version: int, per: Period) -> ReportVersion:
    found = next((v for v in versions if v.version == version), None)
    if found is None:
        raise NotFound(f"Không có phiên bản {version} của báo cáo {per.code}.", where="version")
    return found


def _draft(
    base: ReportData,
    edits: dict[str, str],
    versions: list[ReportVersion],
    *,
    updated_by: str | None,
    updated_at: datetime | None,
) -> ReportDraft:
    """The drafted figures with the edits on top, as the standing office sees them."""
    data = apply_edits(base, edits)
    return ReportDraft(
        data=data,
        texts=draft_texts(data),
        edits=edits,
        updated_by=updated_by,
        updated_at=updated_at,
        versions=versions,
    )


def _record_report_event(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    per: Period,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any],
) -> None:
    record_event(
        session,
        actor,
        entity="report",
        entity_id=_period_key(per),
        action=action,
        before=before,
        after=after,
        locality_code=locality_code,
    )


def get_draft(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str,
    kind: str | None = None,
    data_dir: Path | None = None,
    today: date | None = None,
    quality: ServiceQualitySource | None = None,
) -> ReportDraft:
    """The current draft: figures gathered now, with the standing office's saved text edits on top."""
    per = resolve_period(period, kind)
    _require_read(session, actor, locality_code)
    folder = _folder(data_dir, locality_code, per)
    saved = _read_json(folder / "draft.json", {})
    edits = dict(saved.get("edits", {}))
    base = build_report_data(
        session,
        actor,
        locality_code=locality_code,
        period=per.code,
        today=today,
        quality=quality,
        data_dir=data_dir,
    )
    return _draft(
        base,
        edits,
        _versions(session, locality_code, per),
        updated_by=saved.get("updated_by"),
        updated_at=datetime.fromisoformat(saved["updated_at"]) if saved.get("updated_at") else None,
    )


def save_draft(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str,
    edits: dict[str, str],
    kind: str | None = None,
    data_dir: Path | None = None,
    today: date | None = None,
    quality: ServiceQualitySource | None = None,
) -> ReportDraft:
    """Keep the standing office's edits (merged into earlier ones); an empty text resets that field."""
    per = resolve_period(period, kind)
    actor.require_manage(locality_code, "soạn báo cáo cải cách hành chính")
    folder = _folder(data_dir, locality_code, per)
    saved = _read_json(folder / "draft.json", {})
    before = dict(saved.get("edits", {}))
    merged = dict(before)
    base = build_report_data(
        session,
        actor,
        locality_code=locality_code,
        period=per.code,
        today=today,
        quality=quality,
        data_dir=data_dir,
    )
    drafted = draft_texts(base)
    for key, value in edits.items():
        value = (value or "").replace("\r\n", "\n").strip()
        if key not in EDITABLE_FIELDS:
            raise InvalidInput(f"Trường không sửa được: {key}.", where=key)
        if value == drafted.get(key, "").strip() or (
            not value and key in NARRATIVE_FIELDS and not drafted.get(key)
        ):
            merged.pop(key, None)  # back to the drafted text
        elif not value and key in NARRATIVE_FIELDS:
            merged.pop(key, None)
        else:
            merged[key] = value
    apply_edits(base, merged)  # validate before keeping
    stamp = datetime.now(UTC).replace(microsecond=0)
    _write_json(
        folder / "draft.json",
        {"edits": merged, "updated_by": actor.username, "updated_at": stamp.isoformat()},
    )
    _record_report_event(
        session,
        actor,
        locality_code=locality_code,
        per=per,
        action="edit_draft",
        before={"period": per.code, "edits": before},
        after={"period": per.code, "edits": merged},
    )
    return _draft(base, merged, _versions(session, locality_code, per), updated_by=actor.username, updated_at=stamp)


def generate_report(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str,
    kind: str | None = None,
    data_dir: Path | None = None,
    pdf: bool = False,
    with_charts: bool = True,
    today: date | None = None,
    quality: ServiceQualitySource | None = None,
    progress: Callable[[float, str], None] | None = None,
    job_id: int | None = None,
) -> ReportVersion:
    """Render the draft to .docx and .xlsx (and .pdf when asked and LibreOffice is present) as a new version.

    `progress(fraction, step)` hears of each step (figures, docx, xlsx, pdf); `job_id` is the background job
    that generates it, if any.
    """
    from cchc.reports.docx_report import write_report_docx
    from cchc.reports.xlsx import write_report_xlsx

    step = progress or (lambda _fraction, _message: None)
    per = resolve_period(period, kind)
    actor.require_manage(locality_code, "tạo báo cáo cải cách hành chính")
    # A job run again after its worker died makes the same version again: the version row is written in
    # the job's own transaction, so a run that did not commit left no row and its files are overwritten.
    step(0.05, "Tổng hợp số liệu của kỳ báo cáo")
    draft = get_draft(
        session,
        actor,
        locality_code=locality_code,
        period=per.code,
        data_dir=data_dir,
        today=today,
        quality=quality,
    )
    refuse_inconsistent(draft.data)
    folder = _folder(data_dir, locality_code, per)
    folder.mkdir(parents=True, exist_ok=True)
    versions = _versions(session, locality_code, per)
    n = max((v.version for v in versions), default=0) + 1
    data = replace(draft.data, version=n, draft_mark=True)
    stem = f"bao-cao-cchc-{locality_code}-{per.code}-v{n:03d}"
    _write_json(folder / f"v{n:03d}.json", data.to_json())
    step(0.3, "Viết báo cáo Word (.docx)")
    from cchc.reporting.templates import template_for_locality

    template, _label = template_for_locality(session, locality_code)
    # Each file is written under a `.part` name and renamed when complete: a worker killed mid-write
    # leaves no half-written .docx/.xlsx under a version's name (the `.part` is swept or overwritten).
    docx = _complete(folder / f"{stem}.docx",
                     lambda tmp: write_report_docx(data, tmp, with_charts=with_charts, template=template))
    step(0.6 if pdf else 0.75, "Viết phụ lục Excel (.xlsx)")
    xlsx = _complete(folder / f"{stem}.xlsx", lambda tmp: write_report_xlsx(data, tmp))
    files = {"json": f"v{n:03d}.json", "docx": docx.name, "xlsx": xlsx.name}
    if template is not None:  # the province's template is kept with the version: it is laid out again with it
        _complete(folder / f"v{n:03d}-template.docx", lambda tmp: tmp.write_bytes(template))
        files["template"] = f"v{n:03d}-template.docx"
    if pdf:
        import tempfile

        from cchc.reports.pdf import to_pdf

        step(0.7, "Xuất PDF (LibreOffice)")
        with tempfile.TemporaryDirectory(prefix=".pdf-", dir=folder) as out:
            made = to_pdf(docx, out)  # ToolMissing (with an install hint) when absent
            files["pdf"] = made.replace(folder / made.name).name
    step(0.95, "Lưu phiên bản")
    version = ReportVersion(
        version=n,
        period=per.code,
        kind=_kind_name(per),
        locality_code=locality_code,
        created_by=actor.username,
        created_at=datetime.now(UTC).replace(microsecond=0),
        sha256=hashlib.sha256(docx.read_bytes()).hexdigest(),
        files=files,
        job_id=job_id,
    )
    from cchc.store.models_reports import ReportVersionRow

    snapshot = data.snapshot.to_json() if data.snapshot is not None else {}
    session.add(
        ReportVersionRow(
            locality_code=locality_code,
            period=per.code,
            kind=version.kind,
            version=n,
            created_by=version.created_by,
            created_at=version.created_at,
            sha256=version.sha256,
            files=files,
            snapshot=snapshot,
        )
    )
    session.flush()
    _record_report_event(
        session, actor, locality_code=locality_code, per=per, action="generate", before=None, after=version.to_json()
    )
    notify_report_version(session, actor, locality_code=locality_code, period=per, version=n)
    return version


def refuse_inconsistent(data: ReportData) -> None:
    """Generation stops, naming the two places, when the report's figures or text disagree."""
    from cchc.reports.consistency import report_findings

    findings = report_findings(data)
    if findings:
        raise Inconsistent(
            "Chưa tạo được báo cáo vì số liệu hoặc câu chữ chưa nhất quán: "
            + " ".join(f.message for f in findings[:5])
            + (f" (và {len(findings) - 5} chỗ khác)" if len(findings) > 5 else ""),
            where="report",
        )


def list_versions(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str,
    kind: str | None = None,
    data_dir: Path | None = None,
) -> list[ReportVersion]:
    """Every generated version of a report, oldest first."""
    per = resolve_period(period, kind)
    _require_read(session, actor, locality_code)
    return _versions(session, locality_code, per)


def approve_report(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str,
    version: int,
    kind: str | None = None,
    data_dir: Path | None = None,
) -> ReportVersion:
    """A leader of the commune approves one version for signing (only one version is approved at a time)."""
    per = resolve_period(period, kind)
    if not (actor.is_admin or (actor.role is Role.LEADER and actor.locality_code == locality_code)):
        raise PermissionDenied("Chỉ lãnh đạo UBND xã/phường được phê duyệt báo cáo.")
    folder = _folder(data_dir, locality_code, per)
    rows = _rows(session, locality_code, per)
    target = _find_version([_view(r) for r in rows], version, per)
    chosen = next(r for r in rows if r.version == version)
    data = ReportData.from_json(_read_json(folder / chosen.files["json"], {}))
    left = placeholders_left(data)
    if left:
        raise Inconsistent(
            "Chưa phê duyệt được: báo cáo còn chỗ trống chưa điền (" + "; ".join(left[:5]) + ").",
            where="version",
        )
    stamp = datetime.now(UTC).replace(microsecond=0)
    for row in rows:
        if row.version == version:
            row.approved_by, row.approved_at = actor.username, stamp
            _render(folder, row, approved=True)
        elif row.approved_by is not None:
            row.approved_by, row.approved_at = None, None
            _render(folder, row, approved=False)
    session.flush()
    target = _view(chosen)
    _record_report_event(
        session, actor, locality_code=locality_code, per=per, action="approve", before=None, after=target.to_json()
    )
    return target


def placeholders_left(data: ReportData) -> list[str]:
    """Where a placeholder (`[…]`, `…`) is still in the report's text: approval waits for it."""
    from cchc.domain.report_checks import placeholders
    from cchc.reports.consistency import report_paragraphs

    return [f"{p.place}: {ph}" for p in report_paragraphs(data) for ph in placeholders(p.text)]


def _render(folder: Path, row: Any, *, approved: bool) -> None:
    """Lay the version out again: without `DỰ THẢO` once approved, with it when approval is withdrawn."""
    from cchc.reports.docx_report import write_report_docx

    data = ReportData.from_json(_read_json(folder / row.files["json"], {}))
    data = replace(data, draft_mark=not approved, approved_by=row.approved_by,
                   approved_at=row.approved_at.replace(tzinfo=None) if row.approved_at else None)
    from docx import Document

    path = folder / row.files["docx"]
    with_charts = bool(Document(str(path)).inline_shapes) if path.exists() else True
    kept = folder / row.files["template"] if "template" in row.files else None
    template = kept.read_bytes() if kept is not None and kept.exists() else None
    docx = write_report_docx(data, path, with_charts=with_charts, template=template)
    row.sha256 = hashlib.sha256(docx.read_bytes()).hexdigest()
    files = dict(row.files)
    old_pdf = files.pop("pdf", None)
    if old_pdf:
        (folder / old_pdf).unlink(missing_ok=True)  # made again from the new .docx on the next download
    row.files = files


def version_file(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str,
    version: int,
    fmt: str,
    kind: str | None = None,
    data_dir: Path | None = None,
) -> Path:
    """The file of a version (`docx`, `xlsx`, `pdf`, `json`); a PDF is made on first request when possible."""
    per = resolve_period(period, kind)
    _require_read(session, actor, locality_code)
    folder = _folder(data_dir, locality_code, per)
    rows = _rows(session, locality_code, per)
    v = _find_version([_view(r) for r in rows], version, per)
    if fmt == "pdf" and "pdf" not in v.files:
        from cchc.reports.pdf import to_pdf

        pdf = to_pdf(folder / v.files["docx"], folder)  # ToolMissing with an install hint when absent
        # Keep it with the version so the next download does not convert again.
        row = next(r for r in rows if r.version == version)
        row.files = {**row.files, "pdf": pdf.name}
        session.flush()
        return pdf
    if fmt not in v.files:
        raise NotFound(f"Phiên bản {version} không có tệp {fmt}.", where="fmt")
    return folder / v.files[fmt]


def draft_docx(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str,
    kind: str | None = None,
    data_dir: Path | None = None,
) -> bytes:
    """The current draft as a .docx to look at before generating a version (nothing is kept)."""
    from cchc.reports.docx_report import report_docx_bytes

    draft = get_draft(
        session, actor, locality_code=locality_code, period=period, kind=kind, data_dir=data_dir
    )
    from cchc.reporting.templates import template_for_locality

    template, _label = template_for_locality(session, locality_code)
    return report_docx_bytes(draft.data, template=template)
