"""The publicity column: posts put up on a board and taken down, and the seed's rule that a
column's content is replaced every two weeks — the daily sweep raises one reminder per
column whose current content is 14 days old; recording the replacement closes it."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.history import stamp
from frontdesk.permissions import check_actor

from .. import permissions
from ..errors import ActivitiesError
from ..models import Facility, Post, ReplacementReminder

REPLACE_EVERY_DAYS = 14


@dataclass
class NewPost:
    kind: str
    title: str
    body: str


def _check_board(actor, board: Facility) -> None:
    check_actor(
        actor,
        estate_id=board.estate_id,
        roles=permissions.POST_ROLES,
        message=_("Only the desk records what goes on a board."),
    )
    if not board.is_board:
        raise ActivitiesError(
            _("%(facility)s is not a bulletin board or publicity column.") % {"facility": board},
            code="not_a_board",
            field="board",
        )


def _new_post(actor, board: Facility, new: NewPost, day: datetime.date) -> Post:
    if new.kind not in Post.Kind.values:
        raise ActivitiesError(_("Choose the kind of post."), code="kind", field="kind")
    if not new.title.strip() or not new.body.strip():
        raise ActivitiesError(_("A post needs a title and a text."), code="empty", field="title")
    post = Post(
        estate_id=board.estate_id,
        board=board,
        kind=new.kind,
        title=new.title.strip(),
        body=new.body.strip(),
        put_up_on=day,
        created_by=actor,
    )
    stamp(post, actor)
    post.save()
    return post


@transaction.atomic
def post_put_up(*, actor, board: Facility, post: NewPost, on: datetime.date | None = None) -> Post:
    """One more post on the board, beside what is up."""
    _check_board(actor, board)
    return _new_post(actor, board, post, on or timezone.localdate())


@transaction.atomic
def post_take_down(*, actor, post: Post, on: datetime.date | None = None) -> Post:
    _check_board(actor, post.board)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.taken_down_on is not None:
        raise ActivitiesError(_("This post is already taken down."), code="already_down")
    post.taken_down_on = max(on or timezone.localdate(), post.put_up_on)
    stamp(post, actor)
    post.save()
    return post


@transaction.atomic
def column_replace(
    *, actor, board: Facility, posts: list[NewPost], on: datetime.date | None = None
) -> list[Post]:
    """The column's replacement: everything up comes down, the new posts go up, the open
    reminder is closed. Refused (nothing changed) without a new post."""
    _check_board(actor, board)
    if not posts:
        raise ActivitiesError(
            _("A replacement puts up at least one new post."), code="no_posts", field="title"
        )
    day = on or timezone.localdate()
    board = Facility.objects.select_for_update().get(pk=board.pk)
    for old in Post.objects.filter(board=board, taken_down_on__isnull=True):
        old.taken_down_on = max(day, old.put_up_on)
        stamp(old, actor)
        old.save()
    created = [_new_post(actor, board, new, day) for new in posts]
    for reminder in ReplacementReminder.objects.filter(board=board, resolved_on__isnull=True):
        reminder.resolved_on = day
        stamp(reminder, actor)
        reminder.save()
    return created


def content_since(board_ids) -> dict[int, datetime.date]:
    """Each board's oldest post still up (one query)."""
    rows = (
        Post.objects.filter(board_id__in=board_ids, taken_down_on__isnull=True)
        .values("board_id")
        .annotate(since=Min("put_up_on"))
    )
    return {row["board_id"]: row["since"] for row in rows}


def replacement_sweep(today: datetime.date | None = None) -> int:
    """Raise a reminder for each publicity column whose content is 14+ days old; idempotent
    (one open reminder per column however often it runs). Returns how many were raised."""
    today = today or timezone.localdate()
    columns = Facility.objects.filter(kind=Facility.Kind.PUBLICITY_COLUMN, active=True)
    ids = list(columns.values_list("pk", flat=True))
    since = content_since(ids)
    open_ids = set(
        ReplacementReminder.objects.filter(board_id__in=ids, resolved_on__isnull=True).values_list(
            "board_id", flat=True
        )
    )
    estates = dict(columns.values_list("pk", "estate_id"))
    raised = 0
    for board_id, day in since.items():
        if board_id in open_ids or (today - day).days < REPLACE_EVERY_DAYS:
            continue
        try:
            with transaction.atomic():
                ReplacementReminder.objects.create(
                    estate_id=estates[board_id],
                    board_id=board_id,
                    raised_on=today,
                    content_since=day,
                )
        except IntegrityError:  # another run raised it meanwhile
            continue
        raised += 1
    return raised
