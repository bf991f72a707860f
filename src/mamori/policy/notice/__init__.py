"""The privacy notice rendered from a policy: HTML or Markdown, in Japanese, English or French.

Fixed wording comes from the gettext catalogues in locale/ (see docs/notice.md); everything else
is the policy's own text.
"""

from mamori.policy.notice._render import NOTICE_FORMATS, render_notice

__all__ = ["NOTICE_FORMATS", "render_notice"]
