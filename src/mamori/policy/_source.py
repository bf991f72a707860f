"""The file before it is parsed: refuse one too large to be a policy, decode it as UTF-8."""

from __future__ import annotations

from mamori.policy._problems import PolicyProblem, policy_error

__all__ = ["MAX_BYTES", "decode", "refuse_size"]

MAX_BYTES = 2 * 1024 * 1024
"""A policy file larger than this is refused before it is parsed."""


def refuse_size(size: int, source: str) -> None:
    """Refuse a file larger than MAX_BYTES, before reading or parsing it."""
    if size > MAX_BYTES:
        problem = PolicyProblem(
            source,
            None,
            None,
            "",
            f"the file is {size / 1024 / 1024:.1f} MB; a policy file may be at most "
            f"{MAX_BYTES // 1024 // 1024} MB",
            "a policy is a few hundred lines; check that this is the right file",
            code="file_too_large",
        )
        raise policy_error(source, [problem])


def decode(raw: bytes, source: str) -> str:
    """UTF-8 text (a byte-order mark is allowed); a bad byte is reported at its line:column."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as editors show them; the bytes before the bad one decode.
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8-sig", "replace")) + 1
        problem = PolicyProblem(
            source,
            line,
            column,
            "",
            f"the file is not UTF-8 (byte 0x{raw[error.start]:02x} cannot be decoded)",
            "save the file as UTF-8",
            code="not_utf8",
        )
        raise policy_error(source, [problem]) from None
