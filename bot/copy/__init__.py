"""Every sentence a user reads, in one place so the office can review the wording: one module per
feature it speaks for, each naming what it exports in ``__all__``.

``from bot import copy`` then ``copy.logged(…)``: this package re-exports every module's names, so
a caller need not know which module holds a sentence (``words`` holds the helpers the others
share). Slack mrkdwn: *bold*, _italic_, `code`, <url|label>.
"""

from __future__ import annotations

from . import (
    audit,
    cards,
    compliance,
    documents,
    errors,
    files,
    home,
    inspections,
    items,
    office,
    progress,
    publication,
    reminders,
    responses,
    sections,
    signoff,
    words,
)
from .audit import *
from .cards import *
from .compliance import *
from .documents import *
from .errors import *
from .files import *
from .home import *
from .inspections import *
from .items import *
from .office import *
from .progress import *
from .publication import *
from .reminders import *
from .responses import *
from .sections import *
from .signoff import *
from .words import *

__all__ = [
    *words.__all__,
    *errors.__all__,
    *inspections.__all__,
    *cards.__all__,
    *responses.__all__,
    *sections.__all__,
    *items.__all__,
    *progress.__all__,
    *files.__all__,
    *signoff.__all__,
    *publication.__all__,
    *reminders.__all__,
    *audit.__all__,
    *documents.__all__,
    *home.__all__,
    *office.__all__,
    *compliance.__all__,
]
