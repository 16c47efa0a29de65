"""Assessment rounds: a questionnaire's definition, its respondents' answers, and who may see them.

A round lives in the scenario store's database (smartcity.store.database). Creating one returns an
organiser key, shown once: 256 random bits (43 letters and digits), stored as its SHA-256. A slow
hash (scrypt) protects guessable passwords; a 256-bit random key cannot be guessed, so SHA-256 is
as safe and keeps every organiser action fast. Keys are compared in constant time. A respondent's
browser token is a random part and an HMAC of the round id and that part under the round's own
secret: a token is issued without a write, a token of another round or a tampered one is refused
before anything is read, and a response is kept per (round, token), so a resubmit replaces the
earlier answers (never counts twice) until the round closes. A partly answered sheet is kept as
a draft, apart from the responses, until it is submitted. No name, e-mail or IP is stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import numbers
import re
import secrets
import string
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from smartcity.i18n.catalog import LANGUAGES, translate
from smartcity.model import City, Dataset, ScoreKey
from smartcity.store.database import (
    ROUND_ID_LENGTH,
    TITLE_MAX,
    Database,
    StoreError,
    database_url,
    insert_with_conflicts,
    round_drafts,
    round_responses,
    rounds,
)

ID_ALPHABET = string.ascii_letters + string.digits
"""Round ids and organiser keys are letters and digits: nothing a shell or argparse reads as an option."""
ORGANISER_KEY_LENGTH = 43
"""An organiser key has 43 random characters of 62: 256 bits."""
ROUND_ID_PATTERN = re.compile(rf"[A-Za-z0-9]{{{ROUND_ID_LENGTH}}}")
"""A round id has 16 random characters of 62 (95 bits), so ids of rounds never collide in practice."""
TOKEN_PATTERN = re.compile(r"([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})")
"""A respondent token: 128 random bits, a dot, and 128 bits of HMAC-SHA256, both url-safe base64."""
COMMENT_MAX = 1000
PAPER_ROUND_ID = "paper-2025-05"
PAPER_ROUND_OPENS = date(2025, 5, 1)
PAPER_ROUND_CLOSES = date(2025, 5, 31)
ANSWER_PAGE = "answer"
"""The questionnaire's page (pages/answer.py), the path its links take relative to the app's root."""
LONG_COLUMNS = ("respondent_id", "stakeholder_group", "city", "instrument", "indicator", "score")
"""The long survey format of smartcity.files.survey, as the responses of a round are given."""

Answers = Mapping[ScoreKey, float | None]
"""(city, instrument, indicator) -> a score on the instrument's scale, or None for "don't know"."""


@dataclass(frozen=True)
class RoundGroup:
    """A stakeholder group a round asks, with how many answers the organiser aims for."""

    id: str
    target: int


@dataclass(frozen=True)
class Round:
    """One assessment round: what it asks of whom, when; the paper's survey is the first."""

    id: str
    title: str
    city_ids: tuple[str, ...]
    instrument_ids: tuple[str, ...]
    groups: tuple[RoundGroup, ...]
    opens: date
    closes: date | None
    languages: tuple[str, ...]
    created_at: datetime
    closed_at: datetime | None = None
    published: bool = False

    @property
    def group_ids(self) -> tuple[str, ...]:
        """Ids of the round's stakeholder groups, in the round's order."""
        return tuple(group.id for group in self.groups)

    @property
    def is_closed(self) -> bool:
        """True once the organiser closed the round (it is then frozen)."""
        return self.closed_at is not None

    def target_shares(self) -> dict[str, float]:
        """Each group's share of the total target (equal shares when every target is 0)."""
        total = sum(group.target for group in self.groups)
        if total == 0:
            return {group.id: 1 / len(self.groups) for group in self.groups}
        return {group.id: group.target / total for group in self.groups}


@dataclass(frozen=True)
class Response:
    """One respondent's answers to a round, as last submitted."""

    round_id: str
    group_id: str
    answers: Mapping[ScoreKey, float | None]
    comments: Mapping[str, str]
    submitted_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Draft:
    """A respondent's partly answered sheet, saved on each step and not yet submitted."""

    round_id: str
    group_id: str
    answers: Mapping[ScoreKey, float | None]
    comments: Mapping[str, str]
    updated_at: datetime


def paper_round(dataset: Dataset, language: str = "en") -> Round:
    """The paper's survey as the first, closed round (May 2025); never stored, always there."""
    groups = tuple(RoundGroup(group.id, group.count) for group in dataset.stakeholder_sample)
    closed = datetime(PAPER_ROUND_CLOSES.year, PAPER_ROUND_CLOSES.month, PAPER_ROUND_CLOSES.day, tzinfo=UTC)
    return Round(
        PAPER_ROUND_ID,
        translate("rounds.paper_round_title", language),
        dataset.city_ids,
        dataset.instrument_ids,
        groups,
        PAPER_ROUND_OPENS,
        PAPER_ROUND_CLOSES,
        LANGUAGES,
        closed,
        closed,
        published=True,
    )


def respondent_link(round_: Round) -> str:
    """The questionnaire's link, relative to the app's root; the respondent picks a group."""
    return f"{ANSWER_PAGE}?{urlencode({'round': round_.id})}"


def group_links(round_: Round) -> dict[str, str]:
    """One questionnaire link per stakeholder group (group id -> link), the group fixed by the link."""
    return {
        group_id: f"{ANSWER_PAGE}?{urlencode({'round': round_.id, 'group': group_id})}"
        for group_id in round_.group_ids
    }


def default_groups(dataset: Dataset) -> tuple[RoundGroup, ...]:
    """The paper's five groups with its sample sizes as targets (Figure 1: 9 / 5 / 4 / 23 / 12)."""
    return paper_round(dataset).groups


def open_rounds(environ: Mapping[str, str] | None = None) -> RoundStore:
    """Open (creating or migrating as needed) the round store configured by the environment."""
    return RoundStore(database_url(environ))


class RoundStore:
    """Rounds and their responses in the store's database; every method is one transaction."""

    def __init__(self, url: sa.URL | str) -> None:
        self._database = Database(url)
        self.url = self._database.url
        self.location = self._database.location

    def close(self) -> None:
        """Release the database connections."""
        self._database.close()

    # --- the organiser -----------------------------------------------------------------------

    def create_round(
        self,
        dataset: Dataset,
        title: str,
        city_ids: Sequence[str],
        instrument_ids: Sequence[str] | None = None,
        groups: Sequence[RoundGroup] | None = None,
        opens: date | None = None,
        closes: date | None = None,
        languages: Sequence[str] = LANGUAGES,
        cities: Sequence[City] | None = None,
    ) -> tuple[Round, str]:
        """Store a new round; return it and its organiser key (shown once, stored only as a hash).

        ``cities`` are the towns it may ask about (default: the dataset's; pass added towns too).
        """
        now = datetime.now(UTC)
        known_cities = [city.id for city in (cities if cities is not None else dataset.cities)]
        round_ = Round(
            _random_text(ROUND_ID_LENGTH),
            _clean_text(title, TITLE_MAX, "title", allow_newlines=False),
            _known("city", city_ids, known_cities),
            _known(
                "instrument",
                dataset.instrument_ids if instrument_ids is None else instrument_ids,
                dataset.instrument_ids,
            ),
            _checked_groups(dataset, groups if groups is not None else default_groups(dataset)),
            opens or now.date(),
            closes,
            _known("language", languages, LANGUAGES),
            now,
        )
        if not round_.title:
            raise StoreError("round_title_empty")
        if closes is not None and closes < round_.opens:
            raise StoreError("round_dates", opens=round_.opens.isoformat(), closes=closes.isoformat())
        key = _random_text(ORGANISER_KEY_LENGTH)
        row = {
            "id": round_.id,
            "title": round_.title,
            "definition": _definition_json(round_),
            "key_hash": _key_hash(key),
            "token_secret": secrets.token_hex(32),
            "created_at": now,
            "closed_at": None,
            "published": False,
        }
        with self._database.transaction() as connection:
            connection.execute(rounds.insert().values(row))
        return round_, key

    def get(self, round_id: str) -> Round:
        """The round with this id (StoreError when there is none)."""
        with self._database.transaction() as connection:
            return _round_of(self._row(connection, round_id))

    def list(self) -> list[Round]:
        """Every stored round, the oldest first (the paper's round is :func:`paper_round`)."""
        query = sa.select(*_ROUND_COLUMNS).order_by(rounds.c.created_at, rounds.c.id)
        with self._database.transaction() as connection:
            return [_round_of(row) for row in connection.execute(query)]

    def timeline(self, dataset: Dataset, language: str = "en") -> tuple[Round, ...]:
        """Every round in time order (by opening day), the paper's survey of May 2025 first."""
        stored = sorted(self.list(), key=lambda round_: (round_.opens, round_.created_at))
        return (paper_round(dataset, language), *stored)

    def check_key(self, round_id: str, key: str) -> Round:
        """The round, when ``key`` is its organiser key; otherwise StoreError("round_key_wrong")."""
        with self._database.transaction() as connection:
            return _round_of(self._authorised(connection, round_id, key))

    def close_round(self, round_id: str, key: str) -> Round:
        """Close a round (organiser): it takes no more submissions and stays readable."""
        with self._database.transaction() as connection:
            row = self._authorised(connection, round_id, key)
            if row.closed_at is None:
                closed = datetime.now(UTC)
                connection.execute(rounds.update().where(rounds.c.id == round_id).values(closed_at=closed))
                return replace(_round_of(row), closed_at=closed)
            return _round_of(row)

    def publish(self, round_id: str, key: str, published: bool = True) -> Round:
        """Let anyone see a round's results (organiser), or withdraw them with ``published=False``."""
        with self._database.transaction() as connection:
            row = self._authorised(connection, round_id, key)
            connection.execute(rounds.update().where(rounds.c.id == round_id).values(published=published))
            return replace(_round_of(row), published=published)

    def responses(self, dataset: Dataset, round_id: str, key: str | None = None) -> pd.DataFrame:
        """Every answer as the long survey frame (LONG_COLUMNS; score NaN for "don't know").

        Needs the organiser key unless the round's results are published. Respondents are named by
        a stable pseudonym derived from their token, never by the token itself.
        """
        with self._database.transaction() as connection:
            round_ = self._readable(connection, round_id, key)
            rows = connection.execute(
                sa.select(round_responses.c.token, round_responses.c.group_id, round_responses.c.answers)
                .where(round_responses.c.round_id == round_id)
                .order_by(round_responses.c.submitted_at, round_responses.c.token)
            ).all()
        return _long_frame(dataset, round_, rows)

    def comments(self, round_id: str, key: str) -> pd.DataFrame:
        """Every comment (organiser): respondent_id, stakeholder_group, instrument, comment."""
        with self._database.transaction() as connection:
            self._authorised(connection, round_id, key)
            rows = connection.execute(
                sa.select(round_responses.c.token, round_responses.c.group_id, round_responses.c.comments)
                .where(round_responses.c.round_id == round_id)
                .order_by(round_responses.c.submitted_at, round_responses.c.token)
            ).all()
        records = [
            (_respondent_id(round_id, row.token), row.group_id, instrument, text)
            for row in rows
            for instrument, text in json.loads(row.comments).items()
        ]
        return pd.DataFrame(records, columns=["respondent_id", "stakeholder_group", "instrument", "comment"])

    # --- the respondent ----------------------------------------------------------------------

    def new_token(self, round_id: str) -> str:
        """A fresh respondent token for this round (nothing is written until a submission)."""
        with self._database.transaction() as connection:
            row = self._row(connection, round_id)
        random_part = secrets.token_urlsafe(16)
        return f"{random_part}.{_token_mac(row.token_secret, round_id, random_part)}"

    def submit(
        self,
        dataset: Dataset,
        round_id: str,
        token: str,
        group_id: str,
        answers: Answers,
        comments: Mapping[str, str] | None = None,
        now: datetime | None = None,
    ) -> Response:
        """Store (or replace) this token's response in one transaction, dropping its draft; every
        answer is checked first. A closed, expired (past its closing date, UTC) or not yet open
        round refuses, writing nothing.
        """
        now = now or datetime.now(UTC)
        with self._database.transaction() as connection:
            random_part, checked, notes, values = self._checked_sheet(
                connection, dataset, round_id, token, group_id, answers, comments or {}, now
            )
            statement = insert_with_conflicts(connection, round_responses).values(
                round_id=round_id, token=random_part, submitted_at=now, **values
            )
            index = [round_responses.c.round_id, round_responses.c.token]
            connection.execute(statement.on_conflict_do_update(index_elements=index, set_=values))
            connection.execute(
                round_drafts.delete().where(
                    round_drafts.c.round_id == round_id, round_drafts.c.token == random_part
                )
            )
            submitted = connection.execute(
                sa.select(round_responses.c.submitted_at).where(
                    round_responses.c.round_id == round_id, round_responses.c.token == random_part
                )
            ).scalar_one()
        return Response(round_id, group_id, checked, notes, _aware(submitted), now)

    def save_draft(
        self,
        dataset: Dataset,
        round_id: str,
        token: str,
        group_id: str,
        answers: Answers,
        comments: Mapping[str, str] | None = None,
        now: datetime | None = None,
    ) -> Draft:
        """Keep this token's partly answered sheet, checked as a submission is; it counts as no
        response (results, exports, counts) until :meth:`submit`, and an earlier response stays."""
        now = now or datetime.now(UTC)
        with self._database.transaction() as connection:
            random_part, checked, notes, values = self._checked_sheet(
                connection, dataset, round_id, token, group_id, answers, comments or {}, now
            )
            statement = insert_with_conflicts(connection, round_drafts).values(
                round_id=round_id, token=random_part, **values
            )
            index = [round_drafts.c.round_id, round_drafts.c.token]
            connection.execute(statement.on_conflict_do_update(index_elements=index, set_=values))
        return Draft(round_id, group_id, checked, notes, now)

    def response(self, round_id: str, token: str) -> Response | None:
        """This token's last submitted answers (None before its first submission)."""
        row = self._sheet_row(round_responses, round_id, token)
        if row is None:
            return None
        answers, comments = _sheet_of(row)
        return Response(
            round_id, row.group_id, answers, comments, _aware(row.submitted_at), _aware(row.updated_at)
        )

    def draft(self, round_id: str, token: str) -> Draft | None:
        """This token's draft saved since its last submission (None when there is none)."""
        row = self._sheet_row(round_drafts, round_id, token)
        if row is None:
            return None
        answers, comments = _sheet_of(row)
        return Draft(round_id, row.group_id, answers, comments, _aware(row.updated_at))

    # --- helpers -----------------------------------------------------------------------------

    def _row(self, connection: Connection, round_id: str, lock: bool = False) -> Any:
        if not isinstance(round_id, str) or not ROUND_ID_PATTERN.fullmatch(round_id):
            raise StoreError("round_not_found", id=str(round_id)[:40])
        query = sa.select(*_ROUND_COLUMNS, rounds.c.key_hash, rounds.c.token_secret).where(
            rounds.c.id == round_id
        )
        if lock:  # a close waits for submissions under way, and they see a close that committed
            query = query.with_for_update(read=True)
        row = connection.execute(query).one_or_none()
        if row is None:
            raise StoreError("round_not_found", id=round_id)
        return row

    def _checked_sheet(
        self,
        connection: Connection,
        dataset: Dataset,
        round_id: str,
        token: str,
        group_id: str,
        answers: Answers,
        comments: Mapping[str, str],
        now: datetime,
    ) -> tuple[str, dict[ScoreKey, float | None], dict[str, str], dict[str, Any]]:
        """A sheet checked for writing: the token's random part, the answers, the comments and the row."""
        row = self._row(connection, round_id, lock=True)
        random_part = _token_part(row, token)
        round_ = _round_of(row)
        check_open(round_, now.date())
        if group_id not in round_.group_ids:
            raise StoreError("round_unknown_group", group=group_id, known=", ".join(round_.group_ids))
        checked = _checked_answers(dataset, round_, answers)
        notes = _checked_comments(round_, comments)
        values = {
            "group_id": group_id,
            "answers": json.dumps({".".join(k): v for k, v in checked.items()}),
            "comments": json.dumps(notes, ensure_ascii=False),
            "updated_at": now,
        }
        return random_part, checked, notes, values

    def _sheet_row(self, table: sa.Table, round_id: str, token: str) -> Any:
        """This token's row of ``table`` (responses or drafts), or None; a foreign token is refused."""
        with self._database.transaction() as connection:
            random_part = _token_part(self._row(connection, round_id), token)
            return connection.execute(
                sa.select(table).where(table.c.round_id == round_id, table.c.token == random_part)
            ).one_or_none()

    def _authorised(self, connection: Connection, round_id: str, key: str) -> Any:
        row = self._row(connection, round_id)
        if not isinstance(key, str) or not hmac.compare_digest(_key_hash(key), row.key_hash):
            raise StoreError("round_key_wrong", id=round_id)
        return row

    def _readable(self, connection: Connection, round_id: str, key: str | None) -> Round:
        row = self._row(connection, round_id)
        if key is None and row.published:
            return _round_of(row)
        return _round_of(self._authorised(connection, round_id, key or ""))


_ROUND_COLUMNS = (
    rounds.c.id,
    rounds.c.title,
    rounds.c.definition,
    rounds.c.created_at,
    rounds.c.closed_at,
    rounds.c.published,
)


def _random_text(length: int) -> str:
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(length))


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _token_mac(secret: str, round_id: str, random_part: str) -> str:
    digest = hmac.new(bytes.fromhex(secret), f"{round_id}.{random_part}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode()


def _token_part(row: Any, token: str) -> str:
    """The random part of a valid token of this round; StoreError for any other token."""
    match = TOKEN_PATTERN.fullmatch(token) if isinstance(token, str) else None
    if match is None or not hmac.compare_digest(
        _token_mac(row.token_secret, row.id, match.group(1)), match.group(2)
    ):
        raise StoreError("round_token_invalid")
    return match.group(1)


def _respondent_id(round_id: str, random_part: str) -> str:
    return "R" + hashlib.sha256(f"{round_id}.{random_part}".encode()).hexdigest()[:12]


def check_open(round_: Round, today: date) -> None:
    """Raise StoreError unless the round takes answers on ``today`` (open, not closed, not expired)."""
    if round_.is_closed:
        raise StoreError("round_closed", title=round_.title)
    if round_.closes is not None and today > round_.closes:
        raise StoreError("round_expired", title=round_.title, closes=round_.closes.isoformat())
    if today < round_.opens:
        raise StoreError("round_not_open", title=round_.title, opens=round_.opens.isoformat())


def _checked_answers(dataset: Dataset, round_: Round, answers: Answers) -> dict[ScoreKey, float | None]:
    """The answers in the round's question order, each a whole score on its scale or None."""
    questions = {
        (city, instrument.id, indicator): instrument
        for city in round_.city_ids
        for instrument in map(dataset.instrument, round_.instrument_ids)
        for indicator in instrument.indicator_ids
    }
    for key, value in answers.items():
        name = ".".join(map(str, key)) if isinstance(key, tuple) else str(key)
        instrument = questions.get(key)
        if instrument is None:
            raise StoreError("round_answer_unknown", question=name[:120])
        if value is None:
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, numbers.Real)
            or not float(value).is_integer()
            or not instrument.scale_min <= value <= instrument.scale_max
        ):
            raise StoreError(
                "round_answer_bad",
                question=name,
                value=str(value)[:40],
                low=int(instrument.scale_min),
                high=int(instrument.scale_max),
            )
    if not answers:
        raise StoreError("round_answers_empty")
    return {
        key: None if answers[key] is None else float(answers[key])  # type: ignore[arg-type]
        for key in questions
        if key in answers
    }


def _checked_comments(round_: Round, comments: Mapping[str, str]) -> dict[str, str]:
    checked = {}
    for instrument, text in comments.items():
        if instrument not in round_.instrument_ids:
            raise StoreError("round_comment_unknown", instrument=str(instrument)[:40])
        cleaned = _clean_text(text, COMMENT_MAX, f"comment.{instrument}", allow_newlines=True)
        if cleaned:
            checked[instrument] = cleaned
    return checked


def _clean_text(text: str, limit: int, field: str, allow_newlines: bool) -> str:
    if not isinstance(text, str):
        raise StoreError("round_text_invalid", field=field)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()
    if len(text) > limit:
        raise StoreError("round_text_too_long", field=field, limit=limit, length=len(text))
    allowed = "\n" if allow_newlines else ""
    if any(unicodedata.category(char) in ("Cc", "Cs") and char not in allowed for char in text):
        raise StoreError("round_text_invalid", field=field)
    return text


def _known(kind: str, given: Sequence[str], known: Sequence[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(given))
    if not chosen:
        raise StoreError("round_none_chosen", kind=kind)
    for value in chosen:
        if value not in known:
            raise StoreError("round_unknown_choice", kind=kind, value=str(value)[:40], known=", ".join(known))
    return chosen


def _checked_groups(dataset: Dataset, groups: Sequence[RoundGroup]) -> tuple[RoundGroup, ...]:
    _known("group", [group.id for group in groups], dataset.group_ids)
    if len({group.id for group in groups}) != len(groups):
        raise StoreError("round_group_twice")
    for group in groups:
        if isinstance(group.target, bool) or not isinstance(group.target, int) or group.target < 0:
            raise StoreError("round_bad_target", group=group.id, target=str(group.target)[:20])
    return tuple(groups)


def _definition_json(round_: Round) -> str:
    return json.dumps(
        {
            "cities": list(round_.city_ids),
            "instruments": list(round_.instrument_ids),
            "groups": [[group.id, group.target] for group in round_.groups],
            "opens": round_.opens.isoformat(),
            "closes": None if round_.closes is None else round_.closes.isoformat(),
            "languages": list(round_.languages),
        }
    )


def _round_of(row: Any) -> Round:
    definition = json.loads(row.definition)
    return Round(
        row.id,
        row.title,
        tuple(definition["cities"]),
        tuple(definition["instruments"]),
        tuple(RoundGroup(group_id, int(target)) for group_id, target in definition["groups"]),
        date.fromisoformat(definition["opens"]),
        None if definition["closes"] is None else date.fromisoformat(definition["closes"]),
        tuple(definition["languages"]),
        _aware(row.created_at),
        None if row.closed_at is None else _aware(row.closed_at),
        bool(row.published),
    )


def _sheet_of(row: Any) -> tuple[dict[ScoreKey, float | None], dict[str, str]]:
    """A stored sheet's answers and comments."""
    answers = {_score_key(question): value for question, value in json.loads(row.answers).items()}
    return answers, json.loads(row.comments)


def _score_key(question: str) -> ScoreKey:
    city, instrument, indicator = question.split(".")
    return city, instrument, indicator


def _long_frame(dataset: Dataset, round_: Round, rows: Sequence[Any]) -> pd.DataFrame:
    """Responses as the long survey frame, typed as smartcity.files.survey types its responses."""
    sheets: list[dict[str, float | None]] = json.loads("[" + ",".join(row.answers for row in rows) + "]")
    sizes = np.array([len(sheet) for sheet in sheets], dtype=np.int64)
    code_of: dict[str, int] = {}
    question_codes = np.array(
        [code_of.setdefault(question, len(code_of)) for sheet in sheets for question in sheet], dtype=np.int64
    )
    scores = np.array([score for sheet in sheets for score in sheet.values()], dtype=np.float64)  # None: NaN
    parts = [question.split(".") for question in code_of]  # each distinct question once
    indicator_ids = list(dict.fromkeys(i for ins in dataset.instruments for i in ins.indicator_ids))
    categories = {
        "city": list(round_.city_ids),
        "instrument": list(dataset.instrument_ids),
        "indicator": indicator_ids,
    }
    columns: dict[str, Any] = {
        "respondent_id": np.repeat(
            np.array([_respondent_id(round_.id, row.token) for row in rows], dtype=object), sizes
        ),
        "stakeholder_group": pd.Categorical(
            np.repeat(np.array([row.group_id for row in rows], dtype=object), sizes),
            categories=list(dataset.group_ids),
        ),
    }
    for position, (column, known) in enumerate(categories.items()):
        of_question = np.array([known.index(part[position]) for part in parts], dtype=np.int64)
        codes = of_question[question_codes] if parts else np.empty(0, dtype=np.int64)
        columns[column] = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(known))
    columns["score"] = scores
    return pd.DataFrame(columns, columns=list(LONG_COLUMNS))


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
