"""How cheaply each hostile file is refused: seconds and peak memory of every refusal (issue 14).

Each case runs in a forked process of its own, after Django is set up and the hostile input is built:
`milliseconds` is the best of three refusals (wall clock), `peak_rss_mb` how far the process's peak resident
memory (resource.getrusage) rose during them, and `python_peak_mb` the largest Python allocation during one
more refusal (tracemalloc). For comparison, issue 14 measured before these limits: a 405-byte billion
laughs took 117 s and 4.9 GB; a 2.4 MB workbook unpacking to 1 GB held a worker past its 30 s timeout.
Prints one JSON line. Goal: every refusal within a few seconds, with memory bounded by the file's size.
"""

import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nyata.settings")
    os.environ.setdefault("NYATA_VAR_DIR", tempfile.mkdtemp(prefix="nyata-bench-hostile-"))
    import django

    django.setup()
    from django.utils import translation

    translation.activate("en")


def _cases():
    """name -> (build the input, refuse it): each refusal must raise the reader's own error."""
    import io

    from nyata.core import files, limits
    from nyata.core.tabular import TableError, read_table
    from nyata.core.tests import hostile
    from nyata.instruments.limits import yaml_limits
    from nyata.instruments.xlsx import WorkbookError, read_workbook
    from nyata.scoring import AnswersError, InstrumentError, read_answers, read_instrument

    def table(name):
        return lambda data: _expect(TableError, read_table, name=name, data=data, max_rows=5000)

    def evidence(data):
        return _expect(files.Refused, files.detect, io.BytesIO(data), archive=limits.for_evidence())

    def instrument(text):
        return _expect(InstrumentError, read_instrument, text=text, limits=yaml_limits())

    def answers(text):
        return _expect(AnswersError, read_answers, text=text, limits=yaml_limits())

    def workbook(data):
        return _expect(WorkbookError, read_workbook, data=data)

    csv_header = "tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9;saran\n"
    return {
        "xlsx unpacking to 1 GB (paper survey import)": (hostile.xlsx_bomb, table("skm.xlsx")),
        "xlsx unpacking to 1 GB (instrument workbook)": (hostile.xlsx_bomb, workbook),
        "xlsx part compressed 1000 times (10 MB)": (
            lambda: hostile.xlsx_bomb(10 * hostile.MB),
            table("skm.xlsx"),
        ),
        "zip of 10,005 parts": (hostile.many_parts_zip, table("unit.xlsx")),
        "xlsx with 19 MB of shared texts (paper survey import)": (
            hostile.xlsx_shared_strings,
            table("skm.xlsx"),
        ),
        "xlsx declaring 16,384 columns and a million rows (paper survey import)": (
            hostile.xlsx_sparse_giant,
            table("skm.xlsx"),
        ),
        "xlsx declaring 16,384 columns and a million rows (instrument workbook)": (
            lambda: hostile.xlsx_sparse_giant("nodes", first="code"),
            workbook,
        ),
        "xlsx declaring XML entities": (hostile.xlsx_xml_bomb, table("skm.xlsx")),
        "docx unpacking to 1 GB (evidence)": (hostile.docx_bomb, evidence),
        "docx carrying a VBA project (evidence)": (hostile.docx_with_vba, evidence),
        "odt with a Basic library (evidence)": (hostile.odt_with_basic, evidence),
        "odt running a script on opening (evidence)": (hostile.odt_with_event_script, evidence),
        "billion laughs YAML (342 bytes)": (hostile.billion_laughs_yaml, instrument),
        "YAML nested 10,000 deep": (hostile.deep_yaml, instrument),
        "YAML mappings nested 1,000 deep": (lambda: hostile.deep_block_yaml(1000), instrument),
        "recursive YAML": (hostile.recursive_yaml, instrument),
        "YAML of 50,001 values": (lambda: "- x\n" * 50_001, instrument),
        "YAML of 2 MB + 1 byte": (lambda: "#" * (2 * hostile.MB + 1), instrument),
        "JSON answers nested 10,000 deep": (hostile.deep_json, answers),
        "CSV header of 5 million separators": (lambda: (";" * 5_000_000 + "\n").encode(), table("skm.csv")),
        "CSV of 5 million blank lines": (lambda: (csv_header + "\n" * 5_000_000).encode(), table("skm.csv")),
        "CSV with a 200 kB field": (
            lambda: (csv_header + "2025-01-02;" + "4;" * 9 + "x" * 200_000).encode(),
            table("skm.csv"),
        ),
        "CSV of 5 MB in one cell": (
            lambda: (csv_header + "2025-01-02;" + "4;" * 9 + "x" * (5 * hostile.MB)).encode(),
            table("skm.csv"),
        ),
    }


def _expect(error: type[Exception], reader, *args, **kwargs) -> str:
    try:
        reader(*args, **kwargs)
    except error as refusal:
        return str(refusal).splitlines()[-1][:160]  # the problem itself, after any heading
    raise AssertionError(f"{reader.__name__} accepted a hostile file")


def _measure(name: str, queue) -> None:
    build, refuse = _cases()[name]
    data = build()
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times, message = [], ""
    for _ in range(3):
        start = time.perf_counter()
        message = refuse(data)
        times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    tracemalloc.start()
    refuse(data)
    python_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    queue.put(
        {
            "input_bytes": len(data),
            "milliseconds": round(min(times) * 1000, 2),
            "peak_rss_mb": round((peak - baseline) / 1024, 1),
            "python_peak_mb": round(python_peak / 2**20, 2),
            "refusal": message,
        }
    )


def main() -> None:
    _setup()
    context = multiprocessing.get_context("fork")
    results = {}
    for name in _cases():
        queue = context.Queue()
        process = context.Process(target=_measure, args=(name, queue))
        process.start()
        process.join(timeout=600)
        if process.exitcode != 0:
            raise SystemExit(f"{name}: the measurement failed (exit code {process.exitcode})")
        results[name] = queue.get(timeout=10)
    print(
        json.dumps(
            {
                "benchmark": "hostile_files",
                "slowest_milliseconds": max(r["milliseconds"] for r in results.values()),
                "largest_peak_rss_mb": max(r["peak_rss_mb"] for r in results.values()),
                "cases": results,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
