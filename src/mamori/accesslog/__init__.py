"""The access log: request metadata of automatically collected items (SOC-4, WOX-3, OP-4).

    from mamori.accesslog import AccessLog, AccessLogMiddleware, read_log, expire

    log = AccessLog(register, truncate_ip=True)       # the point the policy declares
    log.record(ip="203.0.113.7", cookie="c-1", user_agent="...", page="/news")
    log.flush()                                       # one INSERT per batch
    app.add_middleware(AccessLogMiddleware, access_log=log, cookie="sid")

    with register.session() as session:
        rows = read_log(session, actor, "usage_analysis", since=...)   # audited
        expire(session, Actor.system())                              # per item retention

A collection point declares what is kept (`access_log: {ip: ip_address, page: pages_viewed}`)
and whether rows name the subject (`linked: true`). Values are sealed under the log's own data
keys; erasing a subject through the register deletes its linked rows. See docs/accesslog.md.
"""

from mamori.accesslog._declared import Declaration, declaration, declarations
from mamori.accesslog._expiry import (
    EXPIRE_PERMISSION,
    Outlook,
    erase_subject,
    expire,
    outlook,
)
from mamori.accesslog._log import AccessLog
from mamori.accesslog._middleware import AccessLogMiddleware
from mamori.accesslog._reading import MAX_LIMIT, AccessEntry, read_log
from mamori.accesslog._record import AccessRecord, truncate_ip

__all__ = [
    "EXPIRE_PERMISSION",
    "MAX_LIMIT",
    "AccessEntry",
    "AccessLog",
    "AccessLogMiddleware",
    "AccessRecord",
    "Declaration",
    "Outlook",
    "declaration",
    "declarations",
    "erase_subject",
    "expire",
    "outlook",
    "read_log",
    "truncate_ip",
]
