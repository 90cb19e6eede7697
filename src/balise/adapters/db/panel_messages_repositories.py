"""The panels' messages with their versions, the members' votes, the rule and the follow-up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from balise.adapters.db.panel_messages_tables import (
    panel_message_follow_ups as follow_ups,
)
from balise.adapters.db.panel_messages_tables import (
    panel_message_rules as rules,
)
from balise.adapters.db.panel_messages_tables import (
    panel_message_versions as versions,
)
from balise.adapters.db.panel_messages_tables import (
    panel_message_votes as votes,
)
from balise.adapters.db.panel_messages_tables import (
    panel_messages as messages,
)
from balise.domain.panels.messages import (
    FollowUp,
    FollowUpStatus,
    MessageVersion,
    PanelMessage,
    VoteState,
)
from balise.domain.shared.i18n import LocalizedText
from balise.domain.shared.votes import AdoptionThreshold, Choice, Vote


class PanelMessageRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # --- messages and versions ---

    def _versions(self, message_ids: Sequence[int]) -> dict[int, list[MessageVersion]]:
        found: dict[int, list[MessageVersion]] = defaultdict(list)
        if not message_ids:
            return found
        rows = self.connection.execute(
            sa.select(versions)
            .where(versions.c.message_id.in_(list(message_ids)))
            .order_by(versions.c.message_id, versions.c.number)
        )
        for row in rows:
            found[row.message_id].append(
                MessageVersion(row.number, LocalizedText.from_mapping(row.text), row.created_at)
            )
        return found

    def _messages(self, rows: Sequence[Any]) -> list[PanelMessage]:
        by_message = self._versions([row.id for row in rows])
        return [
            PanelMessage(
                panel_id=row.panel_id,
                position=row.position,
                theme=row.theme,
                versions=tuple(by_message[row.id]),
                state=VoteState(row.state),
                electorate=tuple(str(key) for key in row.electorate),
                opened_at=row.opened_at,
                closed_at=row.closed_at,
                id=row.id,
            )
            for row in rows
        ]

    def add(self, message: PanelMessage, *, at: datetime) -> PanelMessage:
        message_id = self.connection.execute(
            sa.insert(messages).values(
                panel_id=message.panel_id,
                position=message.position,
                theme=message.theme,
                state=message.state.value,
                electorate=list(message.electorate),
                created_at=at,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
        for version in message.versions:
            self.add_version(int(message_id), version)
        found = self.get(int(message_id))
        assert found is not None
        return found

    def add_version(self, message_id: int, version: MessageVersion) -> None:
        self.connection.execute(
            sa.insert(versions).values(
                message_id=message_id,
                number=version.number,
                text=version.text.as_dict(),
                created_at=version.created_at,
            )
        )

    def update(self, message: PanelMessage) -> None:
        """Store the message's settings and vote state, and the versions it does not have yet."""
        assert message.id is not None
        self.connection.execute(
            sa.update(messages)
            .where(messages.c.id == message.id)
            .values(
                position=message.position,
                theme=message.theme,
                state=message.state.value,
                electorate=list(message.electorate),
                opened_at=message.opened_at,
                closed_at=message.closed_at,
            )
        )
        known = {v.number for v in self._versions([message.id]).get(message.id, [])}
        for version in message.versions:
            if version.number not in known:
                self.add_version(message.id, version)

    def get(self, message_id: int) -> PanelMessage | None:
        row = self.connection.execute(
            sa.select(messages).where(messages.c.id == message_id)
        ).first()
        return self._messages([row])[0] if row is not None else None

    def list_for(self, panel_id: int) -> list[PanelMessage]:
        rows = self.connection.execute(
            sa.select(messages)
            .where(messages.c.panel_id == panel_id)
            .order_by(messages.c.position, messages.c.id)
        ).all()
        return self._messages(rows)

    # --- votes ---

    def votes(self, message_id: int) -> list[Vote]:
        return self.votes_in([message_id]).get(message_id, [])

    def votes_in(self, message_ids: Sequence[int]) -> dict[int, list[Vote]]:
        found: dict[int, list[Vote]] = defaultdict(list)
        if not message_ids:
            return found
        rows = self.connection.execute(
            sa.select(votes)
            .where(votes.c.message_id.in_(list(message_ids)))
            .order_by(votes.c.message_id, votes.c.voter)
        )
        for row in rows:
            found[row.message_id].append(
                Vote(row.voter, Choice(row.choice), row.reason, row.cast_at)
            )
        return found

    def save_vote(self, message_id: int, vote: Vote) -> None:
        """Record a member's vote, replacing the one they had cast on this message."""
        values = {"choice": vote.choice.value, "reason": vote.reason, "cast_at": vote.cast_at}
        updated = self.connection.execute(
            sa.update(votes)
            .where(votes.c.message_id == message_id, votes.c.voter == vote.voter)
            .values(**values)
        )
        if not updated.rowcount:
            self.connection.execute(
                sa.insert(votes).values(message_id=message_id, voter=vote.voter, **values)
            )

    def forget_voter(self, message_id: int, voter: str, *, anonymous: str | None) -> int:
        """Delete a voter's vote (`anonymous` None), or keep its choice under the `anonymous`
        name without its reason; how many votes changed."""
        where = (votes.c.message_id == message_id) & (votes.c.voter == voter)
        if anonymous is None:
            return int(self.connection.execute(sa.delete(votes).where(where)).rowcount)
        changed = self.connection.execute(
            sa.update(votes).where(where).values(voter=anonymous, reason="")
        )
        return int(changed.rowcount)

    # --- the adoption rule ---

    def threshold(self, panel_id: int) -> AdoptionThreshold | None:
        row = self.connection.execute(sa.select(rules).where(rules.c.panel_id == panel_id)).first()
        if row is None:
            return None
        return AdoptionThreshold(row.threshold_percent, bool(row.abstentions_count))

    def set_threshold(self, panel_id: int, threshold: AdoptionThreshold, *, at: datetime) -> None:
        values = {
            "threshold_percent": threshold.percent,
            "abstentions_count": threshold.abstentions_count,
            "updated_at": at,
        }
        updated = self.connection.execute(
            sa.update(rules).where(rules.c.panel_id == panel_id).values(**values)
        )
        if not updated.rowcount:
            self.connection.execute(sa.insert(rules).values(panel_id=panel_id, **values))

    # --- follow-up ---

    def follow_ups(self, message_ids: Sequence[int]) -> dict[int, FollowUp]:
        if not message_ids:
            return {}
        rows = self.connection.execute(
            sa.select(follow_ups).where(follow_ups.c.message_id.in_(list(message_ids)))
        )
        return {
            row.message_id: FollowUp(
                message_id=row.message_id,
                authority=row.authority,
                status=FollowUpStatus(row.status),
                answer=LocalizedText.from_mapping(row.answer),
                answered_on=row.answered_on,
                updated_at=row.updated_at,
            )
            for row in rows
        }

    def save_follow_up(self, follow_up: FollowUp) -> None:
        values = {
            "authority": follow_up.authority,
            "status": follow_up.status.value,
            "answer": follow_up.answer.as_dict(),
            "answered_on": follow_up.answered_on,
            "updated_at": follow_up.updated_at,
        }
        updated = self.connection.execute(
            sa.update(follow_ups)
            .where(follow_ups.c.message_id == follow_up.message_id)
            .values(**values)
        )
        if not updated.rowcount:
            self.connection.execute(
                sa.insert(follow_ups).values(message_id=follow_up.message_id, **values)
            )
