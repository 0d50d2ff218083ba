"""Reports: the periodic PAR report (Decree 30/2020 Word layout), its Excel appendix, the monthly
service-quality notice, charts and PDF conversion.

Every builder takes only the dataclasses of `cchc.reports.data`; `cchc.reporting` fills them
from the store and the dossier metrics.

Example:
    >>> from cchc.reports.sample import make_report_data
    >>> from cchc.reports.docx_report import write_report_docx
    >>> write_report_docx(make_report_data(), "report.docx")  # doctest: +SKIP
"""

from cchc.reports.data import NoticeData, ReportData

__all__ = ["NoticeData", "ReportData"]
