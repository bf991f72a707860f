"""The privacy notice rendered from a policy: HTML or Markdown, in Japanese, English or French.

Fixed wording comes from the gettext catalogues in locale/ (see docs/notice.md); everything else
is the policy's own text, or what the register recorded (`NoticeFacts`), passed in by the caller.
"""

from mamori.policy.notice._facts import AnonymouslyProcessedAnnouncement, NoticeFacts
from mamori.policy.notice._render import NOTICE_FORMATS, render_notice

__all__ = ["NOTICE_FORMATS", "AnonymouslyProcessedAnnouncement", "NoticeFacts", "render_notice"]
