"""Export layouts: how a vendor's headers and value codes map onto the canonical columns.

A layout is a TOML file in `cchc/dossiers/layouts/` (see docs/dossiers.md for the format).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from cchc.domain.errors import InvalidInput
from cchc.dossiers.schema import COLUMN_NAMES, REQUIRED_COLUMNS

__all__ = ["Layout", "detect_layout", "get_layout", "list_layouts", "load_layout", "normalize_header"]


def normalize_header(text: str) -> str:
    """NFC, case-folded, whitespace folded: how headers are compared."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).replace("\ufeff", "")).strip().casefold()


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    columns: dict[str, list[str]]
    timestamp_formats: list[str]
    true_values: list[str]
    false_values: list[str]
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def match(self, headers: list[str]) -> dict[str, str]:
        """Canonical column -> the file's header, for the columns this layout finds in `headers`."""
        by_norm = {normalize_header(h): h for h in headers}
        found: dict[str, str] = {}
        for canon, aliases in self.columns.items():
            for alias in aliases:
                h = by_norm.get(normalize_header(alias))
                if h is not None:
                    found[canon] = h
                    break
        return found

    def header(self, canon: str) -> str:
        return self.columns[canon][0]

    def encode_value(self, canon: str, value: str) -> str:
        """The raw value this layout writes for a canonical value (used by the generator)."""
        for raw, v in self.values.get(canon, {}).items():
            if v == value and raw != "":
                return raw
        return value


def load_layout(path: Path | str) -> Layout:
    """Read a layout TOML file, checking that it names canonical columns only."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"Không đọc được tệp ánh xạ {p.name}: {exc}") from exc
    return _layout_from_dict(data, where=p.name)


def _layout_from_dict(data: dict, *, where: str) -> Layout:
    cols = data.get("columns", {})
    unknown = set(cols) - set(COLUMN_NAMES)
    if unknown:
        raise InvalidInput(f"Tệp ánh xạ {where}: cột không có trong danh sách cột chuẩn: {sorted(unknown)}")
    missing = [c for c in REQUIRED_COLUMNS if c not in cols]
    if missing:
        raise InvalidInput(f"Tệp ánh xạ {where}: thiếu cột bắt buộc {missing}")
    values = {
        col: {normalize_header(str(k)): str(v) for k, v in mapping.items()}
        for col, mapping in data.get("values", {}).items()
    }
    return Layout(
        name=str(data.get("name") or Path(where).stem),
        title=str(data.get("title", "")),
        columns={k: [v] if isinstance(v, str) else list(v) for k, v in cols.items()},
        timestamp_formats=list(data.get("timestamp_formats", ["%Y-%m-%d %H:%M:%S"])),
        true_values=[normalize_header(v) for v in data.get("true_values", ["true", "1"])],
        false_values=[normalize_header(v) for v in data.get("false_values", ["false", "0"])],
        values=values,
    )


@lru_cache(maxsize=1)
def _builtin() -> dict[str, Layout]:
    out: dict[str, Layout] = {}
    for entry in resources.files("cchc.dossiers").joinpath("layouts").iterdir():
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            lay = _layout_from_dict(data, where=entry.name)
            out[lay.name] = lay
    return out


def list_layouts() -> list[Layout]:
    """The layouts shipped with cchc, by name."""
    return [v for _, v in sorted(_builtin().items())]


def get_layout(name_or_path: str | Layout) -> Layout:
    """A shipped layout by name, or a layout TOML file by path."""
    if isinstance(name_or_path, Layout):
        return name_or_path
    lays = _builtin()
    if name_or_path in lays:
        return lays[name_or_path]
    if name_or_path.endswith(".toml") and Path(name_or_path).is_file():
        return load_layout(name_or_path)
    raise InvalidInput(
        f"Không có mẫu tệp (layout) {name_or_path!r}; có: {', '.join(sorted(lays))} (unknown layout)"
    )


def detect_layout(headers: list[str], *, need_locality: bool = True, where: str = "") -> Layout:
    """The shipped layout that recognises the most of `headers` and all required columns."""
    required = [c for c in REQUIRED_COLUMNS if need_locality or c != "locality_code"]
    best: tuple[int, Layout] | None = None
    for lay in list_layouts():
        found = lay.match(headers)
        if all(c in found for c in required) and (best is None or len(found) > best[0]):
            best = (len(found), lay)
    if best is None:
        raise InvalidInput(
            "Không nhận ra mẫu tệp xuất hồ sơ từ dòng tiêu đề; hãy chỉ rõ --layout "
            f"(có: {', '.join(sorted(_builtin()))}) (could not detect the layout from the headers)",
            where=where or None,
        )
    return best[1]
