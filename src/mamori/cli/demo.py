"""`mamori demo run`: serve a seed policy on a demo register, with its portal and API
(`make run`).
`mamori demo load`: fill a register with synthetic subjects, for demos and benchmarks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mamori.cli._options import HomeOption, KeystoreOption
from mamori.cli._register import settings_for

if TYPE_CHECKING:
    from rich.console import Console

    from mamori.config import Settings
    from mamori.demo import DemoLoad, DemoSite

__all__ = ["app", "find_seed_policy"]

app = typer.Typer(
    help="Try Mamori: serve a seed's notice, fill a register with synthetic subjects.",
    no_args_is_help=True,
)

_SEED_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")


def find_seed_policy(seed: str, *, start: Path | None = None) -> Path:
    """examples/<seed>/policy.yaml of the repository: looked for above `start` (default: the
    working directory), then above this source file (an editable install)."""
    from mamori.errors import NotFoundError, ValidationError

    if _SEED_NAME.match(seed) is None:
        raise ValidationError(
            f"--seed {seed!r} is not a seed name; give the name of a folder of examples/, "
            "such as onplanetz",
            field="seed",
        )
    searched: list[Path] = []
    for base in _bases(start or Path.cwd()):
        examples = base / "examples"
        if examples.is_dir():
            candidate = examples / seed / "policy.yaml"
            if candidate.is_file():
                return candidate
            searched.append(examples)
    if not searched:
        raise NotFoundError(
            "no examples/ folder found above the working directory or the mamori package; "
            "run from the repository, or give the file with --policy FILE"
        )
    seeds = sorted(
        {path.parent.name for folder in searched for path in folder.glob("*/policy.yaml")}
    )
    raise NotFoundError(
        f"no seed '{seed}' in {searched[0]}; the seeds there are: {', '.join(seeds) or 'none'}"
    )


def _bases(start: Path) -> list[Path]:
    here = Path(__file__).resolve()
    bases: list[Path] = []
    for path in (start.resolve(), *start.resolve().parents, *here.parents):
        if path not in bases:
            bases.append(path)
    return bases


@app.command("run")
def run(
    seed: Annotated[str, typer.Option(help="The example seed to serve.")] = "onplanetz",
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    policy_file: Annotated[
        Path | None,
        typer.Option(
            "--policy", help="Serve this policy file instead of a seed.", show_default=False
        ),
    ] = None,
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            help="Working directory of the demo register. Default: var/demo-<seed>.",
            show_default=False,
        ),
    ] = None,
    subjects: Annotated[
        int, typer.Option(min=1, help="Synthetic people in the demo register.")
    ] = 300,
) -> None:
    """Serve a seed policy (or --policy FILE) with its portal and API on a demo register:
    synthetic people, a staff account per staff role, a member with known credentials."""
    from mamori import open_register
    from mamori._home import init_home
    from mamori.cli.serve import serve_register
    from mamori.config import Settings
    from mamori.demo import demo_password_hasher, prepare_demo_site

    path = policy_file if policy_file is not None else find_seed_policy(seed)
    name = seed if policy_file is None else path.stem
    settings = Settings(home=home if home is not None else Path("var") / f"demo-{name}")
    init_home(settings)
    register = open_register(settings, path, passwords=demo_password_hasher())
    try:
        site = prepare_demo_site(register, subjects)
        # Messages (sign-in links, answers to requests) go to the file sink <home>/outbox
        # every quarter of a minute, so the demo shows them without a mail server.
        serve_register(
            register,
            host=host,
            port=port,
            notify_minutes=0.25,
            settings=settings,
            banner=_credentials(site, settings),
        )
    finally:
        register.close()


def _credentials(site: DemoSite, settings: Settings) -> list[str]:
    lines = [f"  demo register: {settings.home} ({site.subjects} synthetic people added)"]
    for staff_id, password in site.staff.items():
        lines.append(f"  staff  {staff_id} / {password}   (/portal/staff/sign-in)")
    if site.member_email is not None and site.member_password is not None:
        lines.append(f"  member {site.member_email} / {site.member_password}   (/portal/sign-in)")
    elif site.member_email is not None:
        lines.append(
            f"  member {site.member_email}: ask for a sign-in link on /portal/sign-in; "
            f"the message lands in {settings.home / 'outbox'}"
        )
    return lines


@app.command("load")
def load(
    subjects: Annotated[int, typer.Option(min=1, help="How many subjects to make.")],
    policy_file: Annotated[
        str | None,
        typer.Option(
            "--policy",
            help="Policy file, or the name of an example seed (aozora). Default: MAMORI_POLICY.",
            show_default=False,
        ),
    ] = None,
    database: Annotated[
        str | None,
        typer.Option(
            help="Register database URL. Default: MAMORI_DATABASE_URL.", show_default=False
        ),
    ] = None,
    keystore: KeystoreOption = None,
    home: HomeOption = None,
    seed: Annotated[
        int | None,
        typer.Option(
            min=0, help="Random seed: the same seed makes the same people. Default: random."
        ),
    ] = None,
    batch: Annotated[int, typer.Option(min=1, help="Subjects per transaction.")] = 500,
) -> None:
    """Fill the register with N synthetic subjects, for demos and benchmarks.

    Fake people (Faker, in the policy's locales) registered at the policy's collection points
    through the register's API, a batch per transaction. Run `mamori init` first.
    """
    import secrets

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    from mamori import open_register
    from mamori.demo import demo_password_hasher, load_demo

    settings = settings_for(home, database, keystore)
    policy_path = _policy_path(policy_file, settings)
    seed = seed if seed is not None else secrets.randbelow(1_000_000)
    register = open_register(settings, policy_path, passwords=demo_password_hasher())
    console = Console(highlight=False, soft_wrap=True)
    try:
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        ) as progress:
            task = progress.add_task("subjects", total=subjects)
            report = load_demo(
                register,
                subjects,
                seed=seed,
                batch=batch,
                progress=lambda done: progress.advance(task, done),
            )
    finally:
        register.close()
    _print_load(console, report, policy_path, settings.effective_database_url())


def _policy_path(value: str | None, settings: Settings) -> Path:
    from mamori.errors import NotFoundError

    if value is None:
        return settings.effective_policy_path()
    path = Path(value)
    if path.is_file():
        return path
    if not path.suffix and _SEED_NAME.match(value):
        return find_seed_policy(value)
    raise NotFoundError(
        f"no policy file {value}; give the path of a policy file (or the name of an example "
        "seed such as aozora)",
        field="policy",
    )


def _print_load(console: Console, report: DemoLoad, policy: Path, database_url: str) -> None:
    from sqlalchemy.engine import make_url

    shown = make_url(database_url).render_as_string(hide_password=True)
    console.print(
        f"Loaded {report.subjects:,} subjects from {policy} into {shown} in "
        f"{report.seconds:.1f} s: {report.rate:,.0f} subjects/s (seed {report.seed})"
    )
    for point, count in sorted(report.by_point.items()):
        console.print(f"  {count:>9,} at {point} (registered by {report.collectors[point]})")
    for kind, count in sorted(report.by_kind.items()):
        console.print(f"  {count:>9,} of kind {kind}")
    for note in report.notes:
        console.print(f"note: {note}")
