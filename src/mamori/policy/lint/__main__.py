"""`python -m mamori.policy.lint` prints the rules reference for docs/lint.md."""

import sys

from mamori.policy.lint import rules_markdown

sys.stdout.write(rules_markdown())
