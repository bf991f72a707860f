"""`mamori policy ...`: check, render, diff and schema of policy files."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from mamori.cli._options import (
    OutputFormat,
    echo_json,
)

if TYPE_CHECKING:
    from mamori.policy import Policy, PolicyDiff, SourceMap
    from mamori.policy.diff import Classification
    from mamori.policy.lint import Finding

__all__ = ["app"]

app = typer.Typer(
    help="Policy files: validate, lint, render the notice, diff versions; activate a version "
    "in the register and list those activated.",
    no_args_is_help=True,
)


# --- check and diff -------------------------------------------------------------------------


_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_SEVERITY_TITLE = {"error": "errors", "warning": "warnings", "info": "info"}
_CLASS_STYLE = {"consent_required": "bold red", "notify": "yellow", "editorial": "dim"}
_CLASS_TITLE = {
    "consent_required": "consent required",
    "notify": "notify",
    "editorial": "editorial",
}
_CLASS_ORDER: tuple[Classification, ...] = ("consent_required", "notify", "editorial")
_KIND_MARK = {"added": "+", "removed": "-", "changed": "~"}


@app.command("check")
def check_command(
    file: Annotated[Path, typer.Argument(help="The policy file (YAML).")],
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text for people, json for machines.")
    ] = OutputFormat.TEXT,
) -> None:
    """Run the law lint (APPI, GDPR, the seeds' promises) on FILE.

    Exit 0 when no finding is an error, 1 when one is or the file does not load.
    """
    from mamori.policy.lint import check_policy

    policy, source_map = _load_or_exit(file, output, "check")
    findings = check_policy(policy, source_map)
    counts = {
        severity: sum(f.severity == severity for f in findings) for severity in _SEVERITY_STYLE
    }
    if output is OutputFormat.JSON:
        report = {
            "file": str(file),
            "policy": {"name": policy.name, "version": policy.version, "hash": policy.content_hash},
            "ok": counts["error"] == 0,
            "summary": counts,
            "findings": [finding.to_dict() for finding in findings],
        }
        echo_json(report)
    else:
        _print_findings(file, findings, counts)
    raise typer.Exit(1 if counts["error"] else 0)


@app.command("diff")
def diff_command(
    old: Annotated[Path, typer.Argument(help="The earlier version of the policy file.")],
    new: Annotated[Path, typer.Argument(help="The later version of the policy file.")],
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text for people, json for machines.")
    ] = OutputFormat.TEXT,
) -> None:
    """Classify every change from OLD to NEW: editorial, notify or consent_required.

    Exit 0 whatever the classification (read it from the output); 1 when a file does not load.
    """
    from mamori.policy import diff_policies

    old_policy, old_map = _load_or_exit(old, output, "diff")
    new_policy, new_map = _load_or_exit(new, output, "diff")
    result = diff_policies(old_policy, new_policy)
    places = [
        (old_map if change.kind == "removed" else new_map).place(change.path)
        for change in result.changes
    ]
    if output is OutputFormat.JSON:
        report: dict[str, Any] = {"old_file": str(old), "new_file": str(new), **result.to_dict()}
        for entry, place in zip(report["changes"], places, strict=True):
            entry["place"] = place
        echo_json(report)
    else:
        _print_diff(old_policy, new_policy, result, places)


def _load_or_exit(file: Path, output: OutputFormat, command: str) -> tuple[Policy, SourceMap]:
    """Load `file`, or print every problem with its file:line:column and exit 1."""
    from mamori.errors import PolicyError
    from mamori.policy import load_policy_source

    try:
        return load_policy_source(file)
    except PolicyError as error:
        problems = [str(problem) for problem in error.problems]
        if output is OutputFormat.JSON:
            listed = [_problem_json(problem) for problem in error.problems]
            report = {"file": str(file), "ok": False, "error": error.message, "problems": listed}
            echo_json(report)
        else:
            console = _console()
            console.print(f"[bold red]error:[/] {escape(error.message)}")
            for problem in problems:
                console.print(f"  {escape(problem)}")
            console.print(f"policy {command}: {escape(str(file))} does not load; nothing checked")
        raise typer.Exit(1) from None


def _problem_json(problem: object) -> object:
    # Structured problems (with a to_dict) stay structured for machines.
    to_dict = getattr(problem, "to_dict", None)
    return to_dict() if callable(to_dict) else str(problem)


def _console() -> Console:
    # soft_wrap: long places and paths stay on one line, so they can be copied and grepped.
    return Console(highlight=False, soft_wrap=True)


def _print_findings(file: Path, findings: list[Finding], counts: dict[str, int]) -> None:
    console = _console()
    for severity, style in _SEVERITY_STYLE.items():
        group = [finding for finding in findings if finding.severity == severity]
        if not group:
            continue
        console.print(f"[{style}]{_SEVERITY_TITLE[severity]} ({len(group)})[/]")
        for finding in group:
            console.print(
                f"  [{style}]{finding.rule}[/]  {escape(finding.place or str(file))}  "
                f"[dim]{escape(finding.location)}[/]"
            )
            console.print(f"    {escape(finding.message)}")
            console.print(f"    [dim]law:[/] {escape(finding.citation)}")
            console.print(f"    [dim]fix:[/] {escape(finding.fix)}")
        console.print()
    verdict = "[red]fails[/]" if counts["error"] else "[green]passes[/]"
    console.print(
        f"{escape(str(file))} {verdict}: {counts['error']} error(s), "
        f"{counts['warning']} warning(s), {counts['info']} info"
    )


def _print_diff(old: Policy, new: Policy, result: PolicyDiff, places: list[str]) -> None:
    console = _console()
    title = f"{escape(old.name)} {escape(old.version)} -> {escape(new.version)}"
    if result.unchanged:
        console.print(f"{title}: no change")
        return
    counts = ", ".join(f"{len(result.of(name))} {_CLASS_TITLE[name]}" for name in _CLASS_ORDER)
    style = _CLASS_STYLE[result.classification]
    console.print(f"{title}: [{style}]{result.classification}[/] ({counts})\n")
    for name in _CLASS_ORDER:
        group = [
            (c, p) for c, p in zip(result.changes, places, strict=True) if c.classification == name
        ]
        if not group:
            continue
        console.print(f"[{_CLASS_STYLE[name]}]{_CLASS_TITLE[name]} ({len(group)})[/]")
        for change, place in group:
            values = _values(change.kind, change.old, change.new)
            mark = _KIND_MARK[change.kind]
            console.print(f"  {mark} {escape(change.location)}{values}  [dim]{escape(place)}[/]")
            console.print(f"    {escape(change.reason)}")
            if change.citation:
                console.print(f"    [dim]law:[/] {escape(change.citation)}")
        console.print()
    for label, affected in (
        ("ask for consent again", result.consent_affected),
        ("notify about", result.affected),
    ):
        if not affected.is_empty():
            parts = [
                f"{field} {', '.join(keys)}" for field, keys in affected.to_dict().items() if keys
            ]
            console.print(f"{label}: {escape('; '.join(parts))}")


def _values(kind: str, old: Any, new: Any) -> str:
    if kind == "added" and not isinstance(new, (dict, list)):
        return f": {escape(_short(new))}"
    if kind == "removed" and not isinstance(old, (dict, list)):
        return f": {escape(_short(old))}"
    if kind == "changed":
        if isinstance(old, dict) and isinstance(new, dict):
            # A text in several languages: show only the languages that changed.
            changed = [key for key in {**old, **new} if old.get(key) != new.get(key)]
            old, new = ({k: d.get(k) for k in changed} for d in (old, new))
        return f": {escape(_short(old))} -> {escape(_short(new))}"
    return ""


def _short(value: Any, limit: int = 60) -> str:
    if isinstance(value, dict) and list(value) == ["*"]:
        value = value["*"]  # a text the same in every language
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- render -------------------------------------------------------------------------------


class NoticeLanguage(StrEnum):
    # Spelled out so that `mamori --help` need not import the policy model; render checks them.
    ja = "ja"
    en = "en"
    fr = "fr"


class NoticeFormat(StrEnum):
    html = "html"
    md = "md"


@app.command("render")
def render(
    file: Annotated[Path, typer.Argument(help="The policy file (YAML).", show_default=False)],
    lang: Annotated[
        NoticeLanguage | None,
        typer.Option(
            "--lang",
            "-l",
            help="Language of the notice. Default: the policy's default_locale.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        NoticeFormat,
        typer.Option(
            "--format",
            "-f",
            help="html (a standalone page) or md (Markdown).",
        ),
    ] = NoticeFormat.html,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write here (atomically) instead of standard output.",
            show_default=False,
        ),
    ] = None,
    database: Annotated[
        str | None,
        typer.Option(
            "--database",
            help="Register database URL: the notice also publishes what the register recorded "
            "(APPI announcements of anonymously processed information). Without it, the notice "
            "shows the policy alone.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Render the privacy notice of a policy file (and of a register, with --database)."""
    from mamori._notice_facts import notice_facts_at
    from mamori.policy import load_policy
    from mamori.policy.notice import render_notice

    policy = load_policy(file)
    page = render_notice(
        policy,
        locale=lang.value if lang is not None else policy.default_locale,
        format="md" if format is NoticeFormat.md else "html",
        facts=None if database is None else notice_facts_at(database),
    )
    if output is None:
        sys.stdout.write(page)
        sys.stdout.flush()
    else:
        _write_atomically(output, page)


def _write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, so readers never see half a file."""
    import os
    import tempfile

    from mamori.errors import ValidationError

    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise ValidationError(
            f"cannot write {path} ({error.strerror}); check that its folder exists and is writable",
            field="output",
        ) from None


# --- validate and schema ----------------------------------------------------------------------

FileArgument = Annotated[Path, typer.Argument(help="The policy file (YAML).", show_default=False)]


@app.command("validate")
def validate(
    file: FileArgument,
    output_format: Annotated[
        str, typer.Option("--format", help="text, or json for tools.", show_default=True)
    ] = "text",
) -> None:
    """Check that FILE is a valid policy: print every problem (exit 1), or ok and its hash."""
    from mamori.errors import PolicyError
    from mamori.policy import load_policy, problems_of

    try:
        policy = load_policy(file)
    except PolicyError as error:
        problems = problems_of(error)
        if output_format == "json":
            typer.echo(json.dumps({"ok": False, "problems": [p.to_dict() for p in problems]}))
        else:
            for problem in problems:
                typer.echo(str(problem))
            count = len(problems)
            typer.echo(f"{file}: {count} problem{'s' if count != 1 else ''}", err=True)
        raise typer.Exit(1) from None
    if output_format == "json":
        typer.echo(json.dumps({"ok": True, "content_hash": policy.content_hash}))
    else:
        typer.echo(f"{file}: ok (sha256 {policy.content_hash})")


@app.command("schema")
def schema(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write it to this file.")
    ] = None,
) -> None:
    """Print the JSON Schema of the policy file format, for editors (see docs/policy.md)."""
    from mamori.policy import policy_json_schema_text

    text = policy_json_schema_text()
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)
