"""Policy loading: how long validation takes beside a bare YAML parse, and what fideslang costs.

python -c "import bench.policy_loader as b; print(b.run(quick=True))"
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ONPLANETZ = ROOT / "examples" / "onplanetz" / "policy.yaml"


def _best_ms(action: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def _process_ms(code: str, repeat: int) -> float:
    return _best_ms(lambda: subprocess.run([sys.executable, "-c", code], check=True), repeat)


def _entry(name: str, value: float, unit: str, baseline: float | None) -> dict[str, Any]:
    ratio = round(value / baseline, 2) if baseline else None
    return {
        "name": name,
        "value": round(value, 2),
        "unit": unit,
        "baseline": None if baseline is None else round(baseline, 2),
        "ratio": ratio,
    }


def run(quick: bool) -> list[dict[str, Any]]:
    import yaml

    from mamori.errors import PolicyError
    from mamori.policy import parse_policy
    from mamori.policy.taxonomy import data_categories

    repeat = 5 if quick else 30
    text = ONPLANETZ.read_text(encoding="utf-8")
    broken = text.replace("legal_basis: contract", "legal_basis: contrat").replace(
        "items: [terminal_info, access_log, cookie_id]", "items: [terminal_info, acess_log, cookie]"
    )
    data_categories()  # the taxonomy is loaded once per process; measured separately below

    def load_broken() -> None:
        with contextlib.suppress(PolicyError):
            parse_policy(broken)

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    bare = _best_ms(lambda: yaml.load(text, Loader=loader), repeat)
    valid = _best_ms(lambda: parse_policy(text), repeat)
    invalid = _best_ms(load_broken, repeat)
    process_repeat = 2 if quick else 5
    empty_process = _process_ms("pass", process_repeat)
    cli_process = _process_ms("import mamori.cli", process_repeat)
    fideslang_process = _process_ms(
        "import mamori.policy.taxonomy as t; t.data_categories()", process_repeat
    )
    return [
        _entry("policy_load_onplanetz", valid, "ms", bare),
        _entry("policy_load_onplanetz_3_problems", invalid, "ms", valid),
        _entry("cli_import_process", cli_process, "ms", empty_process),
        _entry("taxonomy_first_load_process", fideslang_process, "ms", cli_process),
    ]


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)
