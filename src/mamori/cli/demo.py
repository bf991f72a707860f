"""`mamori demo run`: serve a seed policy's notice, until the portal exists (`make run`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app", "find_seed_policy"]

app = typer.Typer(help="Try Mamori on one of the example seeds.", no_args_is_help=True)

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
) -> None:
    """Serve the rendered notice of a seed policy (or --policy FILE) over HTTP."""
    import uvicorn

    from mamori.api import create_app
    from mamori.policy import load_policy

    path = policy_file if policy_file is not None else find_seed_policy(seed)
    policy = load_policy(path)
    application = create_app(policy)
    shown_host = f"[{host}]" if ":" in host else host
    typer.echo(f"Mamori: the notice of {policy.name} ({path}) at http://{shown_host}:{port}/")
    typer.echo("Press Ctrl+C to stop.")
    uvicorn.run(application, host=host, port=port, log_level="warning")
