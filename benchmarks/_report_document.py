"""Báo cáo kết quả at national scale: a province of 300,000 facilities and 1.5 million signed
assessments (goal: the Sở's report in ≤ 10 s, DOCX and PDF each).

Prints the seconds to gather the figures and to render each format, for the Sở (the whole
province) and for one commune office, and the ratio of the Sở's time to the commune's
(measured in the same run: this machine is noisy).

    uv run python benchmarks/_report_document.py [--repeat 3]   (or as part of documents.py)
"""

import argparse
import statistics
import time

import _seed

parser = argparse.ArgumentParser()
parser.add_argument("--repeat", type=int, default=3)
args = parser.parse_args()

_seed.setup()

from django.utils import timezone  # noqa: E402

from accounts.choices import OfficeKind, Role  # noqa: E402
from accounts.models import AdminUnit, Office, User  # noqa: E402
from reports.results_document import results_document  # noqa: E402
from reports.results_report import results_for  # noqa: E402
from reports.results_views import report_office  # noqa: E402
from safemap.paperwork import render_docx, render_pdf  # noqa: E402

province = _seed.seed()
_seed.seed_assessments()
commune = AdminUnit.objects.filter(path__startswith=province.path, kind="commune").order_by("path").first()
department, _ = Office.objects.get_or_create(
    unit=province,
    kind=OfficeKind.DEPARTMENT,
    defaults={"name": "Sở Công Thương tỉnh Thử Tải", "code": "QLCN", "issuer_code": "SCT"},
)
local_office, _ = Office.objects.get_or_create(
    unit=commune, kind=OfficeKind.LOCAL, defaults={"name": f"Phòng Kinh tế {commune.name}", "code": "KT"}
)
so, _ = User.objects.get_or_create(
    username="bench.so", defaults={"role": Role.PROVINCE, "unit": province, "office": department}
)
pkt, _ = User.objects.get_or_create(
    username="bench.pkt.report", defaults={"role": Role.LOCAL_OFFICE, "unit": commune, "office": local_office}
)


def timed(user):
    figures, docx, pdf, sizes = [], [], [], None
    for _ in range(args.repeat):
        start = time.perf_counter()
        document = results_document(results_for(user, timezone.now()), report_office(user))
        figures.append(time.perf_counter() - start)
        start = time.perf_counter()
        d = render_docx(document)
        docx.append(time.perf_counter() - start)
        start = time.perf_counter()
        p = render_pdf(document)
        pdf.append(time.perf_counter() - start)
        sizes = (len(d), len(p))
    return [statistics.median(x) for x in (figures, docx, pdf)], sizes


(c_fig, c_docx, c_pdf), _ = timed(pkt)
(s_fig, s_docx, s_pdf), (docx_size, pdf_size) = timed(so)
print(f"{'who':26} {'figures s':>10} {'DOCX s':>8} {'PDF s':>8} {'total DOCX':>11} {'total PDF':>10}")
print(
    f"{'commune office (3,000)':26} {c_fig:10.2f} {c_docx:8.2f} {c_pdf:8.2f} {c_fig + c_docx:11.2f} {c_fig + c_pdf:10.2f}"
)
print(
    f"{'Sở, province (300,000)':26} {s_fig:10.2f} {s_docx:8.2f} {s_pdf:8.2f} {s_fig + s_docx:11.2f} {s_fig + s_pdf:10.2f}"
)
print(f"Sở ÷ commune: {(s_fig + s_pdf) / (c_fig + c_pdf):.1f}× (PDF); goal: the Sở's ≤ 10 s")
print(f"sizes: DOCX {docx_size / 1024:.0f} KB, PDF {pdf_size / 1024:.0f} KB")
