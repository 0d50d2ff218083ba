"""Checking a province's uploaded report template before it is stored: every placeholder it uses must be one cchc
offers (`docx_template.PLACEHOLDERS`), its Jinja must parse, and a trial fill with an empty report must work."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from cchc.reports.docx_template import BLOCKS, FIGURE_KEYS, TAG, jinja_env, offered_names

__all__ = ["MAX_UNPACKED_BYTES", "TemplateProblem", "check_template"]


@dataclass(frozen=True)
class TemplateProblem:
    """One reason a template cannot be used: the placeholder (if any), where it is, and why (Vietnamese)."""

    message: str
    placeholder: str = ""
    where: str = ""

    def to_json(self) -> dict[str, str]:
        return {"message": self.message, "placeholder": self.placeholder, "where": self.where}


MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a .docx whose parts unpack to more is refused before it is read

@dataclass(frozen=True)
class _Para:
    where: str
    text: str


def _paragraphs(doc: DocxDocument) -> Iterator[_Para]:
    """Every paragraph with where it is: body paragraphs by number, table cells, page headers and footers."""
    body = doc.element.body
    n = 0
    tables = 0
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            n += 1
            yield _Para(f"đoạn {n} của thân văn bản", _text(child))
        elif child.tag == qn("w:tbl"):
            tables += 1
            for r, tr in enumerate(child.iter(qn("w:tr")), 1):
                for c, tc in enumerate(tr.iter(qn("w:tc")), 1):
                    for p in tc.iter(qn("w:p")):
                        yield _Para(f"bảng {tables}, hàng {r}, ô {c}", _text(p))
    for i, section in enumerate(doc.sections, 1):
        for label, part in (("đầu trang", section.header), ("đầu trang đầu", section.first_page_header),
                            ("chân trang", section.footer), ("chân trang đầu", section.first_page_footer)):
            if part.is_linked_to_previous:
                continue
            for p in part._element.iter(qn("w:p")):
                yield _Para(f"{label} (phần {i})", _text(p))


def _text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _snippet(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _where(paras: list[_Para], pattern: re.Pattern[str]) -> tuple[str, str]:
    for p in paras:
        for tag in TAG.findall(p.text):
            if pattern.search(tag):
                return p.where, _snippet(p.text)
    return "", ""


def _sources(content: bytes) -> list[str]:
    """The Jinja source docxtpl renders: the body, then each header and footer."""
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(content))
    tpl.init_docx()
    out = [tpl.patch_xml(tpl.get_xml())]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for rel in tpl.docx.part.rels.values():
            if rel.reltype == uri and rel.target_part.blob:
                out.append(tpl.patch_xml(tpl.xml_to_string(parse_xml(rel.target_part.blob))))
    return out


def check_template(content: bytes) -> list[TemplateProblem]:
    """Why `content` cannot be used as a report template (empty when it can)."""
    import zipfile

    from docx import Document
    from jinja2 import TemplateSyntaxError, meta, nodes

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return [TemplateProblem("Tệp không phải là tài liệu Word (.docx) đọc được.")]
    if unpacked > MAX_UNPACKED_BYTES:
        return [TemplateProblem(f"Tệp mẫu khi giải nén quá lớn (tối đa {MAX_UNPACKED_BYTES // (1024 * 1024)} MB).")]
    try:
        doc = Document(io.BytesIO(content))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds for a file that is not a .docx
        return [TemplateProblem("Tệp không phải là tài liệu Word (.docx) đọc được.")]
    paras = list(_paragraphs(doc))
    problems: list[TemplateProblem] = []
    env = jinja_env()
    offered = offered_names()
    try:
        sources = _sources(content)
    except Exception:  # noqa: BLE001
        return [TemplateProblem("Không đọc được nội dung mẫu (.docx hỏng hoặc không đúng định dạng).")]
    seen: set[str] = set()
    for src in sources:
        lined = re.sub(r"<w:p([ >])", r"\n<w:p\1", src)
        try:
            tree = env.parse(lined)
            env.from_string(lined)  # unknown filters and tests are found when compiling
        except TemplateSyntaxError as exc:
            problems.append(_syntax_problem(exc, lined, paras))
            continue
        for name in sorted(meta.find_undeclared_variables(tree) - offered - seen):
            seen.add(name)
            where, text = _where(paras, re.compile(rf"\b{re.escape(name)}\b"))
            problems.append(TemplateProblem(
                f"Mẫu dùng trường «{name}» nhưng cchc không cung cấp trường này"
                + (f" (tại {where}: «{text}»)" if where else "") + ". Xem danh sách các trường có thể dùng.",
                placeholder=name, where=where))
        for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
            base = node.node
            key = node.attr if isinstance(node, nodes.Getattr) else (
                node.arg.value if isinstance(node.arg, nodes.Const) else None)
            if not isinstance(base, nodes.Name) or base.name != "figures" or key is None:
                continue
            if key in FIGURE_KEYS or f"figures.{key}" in seen:
                continue
            seen.add(f"figures.{key}")
            where, text = _where(paras, re.compile(rf"figures\s*(\.\s*{re.escape(str(key))}\b|\[)"))
            problems.append(TemplateProblem(
                f"Mẫu dùng số liệu «figures.{key}» nhưng cchc không cung cấp số liệu này"
                + (f" (tại {where}: «{text}»)" if where else "") + ".", placeholder=f"figures.{key}", where=where))
        for name in sorted(BLOCKS - seen):
            where, text = _where(paras, re.compile(r"^\{\{(?!p\s)\s*" + re.escape(name) + r"\b"))
            if where:
                seen.add(name)
                problems.append(TemplateProblem(
                    f"Phần «{name}» là một khối nội dung: phải viết «{{{{p {name} }}}}» trên một đoạn riêng"
                    f" (tại {where}: «{text}»).", placeholder=name, where=where))
    if not problems:
        problems.extend(_trial_render(content))
    return problems


def _syntax_problem(exc: Any, lined: str, paras: list[_Para]) -> TemplateProblem:
    """A Jinja syntax error (or an unknown filter) with the paragraph it is in."""
    lines = lined.splitlines()
    near = re.sub(r"<[^>]+>", "", lines[exc.lineno - 1]).strip() if exc.lineno and exc.lineno <= len(lines) else ""
    where = next((p.where for p in paras if near and p.text.strip() == near), "")
    return TemplateProblem(f"Mẫu viết sai cú pháp Jinja ({exc.message})" + (f" tại {where}" if where else "")
                           + (f": «{_snippet(near)}»." if near else "."), where=where)


def _trial_render(content: bytes) -> list[TemplateProblem]:
    """Render the template with an empty report: what fails here would fail on every report."""
    from cchc.reports.data import ReportData

    data = ReportData(locality_code=0, locality_name="xã Mẫu", issuer_lines=["ỦY BAN NHÂN DÂN", "XÃ MẪU"],
                      period_code="2026-Q1", period_label="quý I năm 2026")
    try:
        from cchc.reports.docx_report import render_with_template

        doc = render_with_template(data, content, with_charts=False)
        buf = io.BytesIO()
        doc.save(buf)
        from docx import Document

        Document(io.BytesIO(buf.getvalue()))
    except Exception as exc:  # noqa: BLE001 - any failure means the template cannot be used
        return [TemplateProblem(f"Không điền được mẫu với số liệu thử ({_snippet(str(exc), 160)}).")]
    return []
