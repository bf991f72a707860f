"""The portal: server-rendered pages in Japanese, English and French for the people whose data
it is (sign up, sign in, their own data, consents, requests) and for staff (the request queue,
provisions, records, the audit log). It calls the same domain functions as the API."""

from mamori.portal._errors import error_page
from mamori.portal._routes import portal_routers

__all__ = ["error_page", "portal_routers"]
