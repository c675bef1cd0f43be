#!/usr/bin/python3
"""Drives the official Python SDK, azure-mgmt-securityinsight (Debian's python3-azure),
unchanged, against the emulator over HTTPS, for python-sdk.test.ts.

azure-core sends a bearer token only over https; the emulator's self-signed
certificate is trusted through REQUESTS_CA_BUNDLE, as a user would trust it.
Env: EMULATOR_URL (https origin), SEEDED_INCIDENT (an incident with alerts,
bookmarks and entities), SUBSCRIPTION_ID, RESOURCE_GROUP, WORKSPACE_NAME.
Prints one JSON line: {"ok", "report", "exchanges"} (or "error").
"""

import json
import os
import sys
import time
import traceback
import uuid
from datetime import datetime, timezone

from azure.core.credentials import AccessToken
from azure.core.exceptions import HttpResponseError
from azure.mgmt.securityinsight import SecurityInsights
from azure.mgmt.securityinsight import models as m

URL = os.environ["EMULATOR_URL"]
SEEDED = os.environ["SEEDED_INCIDENT"]
SUB = os.environ["SUBSCRIPTION_ID"]
RG = os.environ["RESOURCE_GROUP"]
WS = os.environ["WORKSPACE_NAME"]

# The SDK only needs something that hands out a token; the emulator takes any.
class StaticCredential:  # pylint: disable=too-few-public-methods
    def get_token(self, *scopes, **kwargs):  # noqa: ARG002
        return AccessToken("python-sdk-test-token", int(time.time()) + 3600)


# Every request the SDK made and the status it got, so the test can see nothing was refused.
exchanges = []


def record(response):
    req = response.http_request
    exchanges.append({"method": req.method, "url": req.url, "status": response.http_response.status_code})


client = SecurityInsights(
    StaticCredential(),
    SUB,
    base_url=URL,
    credential_scopes=["https://management.azure.com/.default"],
    # Retries would hide a refused request behind a later success.
    retry_total=0,
    raw_response_hook=record,
)


def status_of(call):
    try:
        call()
        return "accepted"
    except HttpResponseError as err:
        return {"status": err.status_code, "code": getattr(err.error, "code", None) if err.error else None}


def main():
    report = {}
    inc = client.incidents

    # Lists: every page, and a filtered, ordered list across pages of 7.
    everything = list(inc.list(RG, WS))
    report["listed"] = len(everything)
    report["listedDistinct"] = len({i.name for i in everything})
    report["listedHaveDates"] = all(isinstance(i.created_time_utc, datetime) for i in everything)
    pages = [
        list(page)
        for page in inc.list(
            RG, WS, filter="properties/severity ne 'Informational'", orderby="properties/incidentNumber asc", top=7
        ).by_page()
    ]
    flat = [i for page in pages for i in page]
    report["filteredPages"] = len(pages)
    report["filteredCount"] = len(flat)
    report["filteredAscending"] = all(a.incident_number < b.incident_number for a, b in zip(flat, flat[1:]))
    report["filteredNoInformational"] = all(i.severity != "Informational" for i in flat)

    # The seeded incident and its actions.
    got = inc.get(RG, WS, SEEDED)
    report["seededTitle"] = got.title
    report["seededCounts"] = {"alerts": got.additional_data.alerts_count, "bookmarks": got.additional_data.bookmarks_count}
    report["alerts"] = len(inc.list_alerts(RG, WS, SEEDED).value)
    report["bookmarks"] = len(inc.list_bookmarks(RG, WS, SEEDED).value)
    entities = inc.list_entities(RG, WS, SEEDED)
    report["entities"] = len(entities.entities or [])
    report["entityKinds"] = sorted({e.kind for e in entities.entities or []})

    # An incident: create (control characters in the title are text), read, update
    # with its etag, a stale update, close with a classification.
    incident_id = str(uuid.uuid4())
    title = "python sdk \x1b[31mred\x1b[0m \u00e9 \U0001f600"
    created = inc.create_or_update(
        RG,
        WS,
        incident_id,
        m.Incident(
            title=title,
            description="made by azure-mgmt-securityinsight",
            severity="Medium",
            status="New",
            labels=[m.IncidentLabel(label_name="python")],
            first_activity_time_utc=datetime(2024, 5, 1, 10, 0, tzinfo=timezone.utc),
        ),
    )
    report["created"] = {
        "name": created.name,
        "title": created.title,
        "number": created.incident_number,
        "labels": [(l.label_name, l.label_type) for l in created.labels],
        "first": created.first_activity_time_utc.isoformat(),
    }
    read = inc.get(RG, WS, incident_id)
    read.severity = "High"
    updated = inc.create_or_update(RG, WS, incident_id, read)
    report["updated"] = {"severity": updated.severity, "etagChanged": updated.etag != read.etag}
    stale = m.Incident(etag=read.etag, title="stale", severity="Low", status="Active")
    report["staleUpdate"] = status_of(lambda: inc.create_or_update(RG, WS, incident_id, stale))
    current = inc.get(RG, WS, incident_id)
    current.status = "Closed"
    current.classification = "BenignPositive"
    current.classification_reason = "SuspiciousButExpected"
    current.classification_comment = "expected"
    closed = inc.create_or_update(RG, WS, incident_id, current)
    report["closed"] = {
        "status": closed.status,
        "classification": closed.classification,
        "reason": closed.classification_reason,
        "comment": closed.classification_comment,
    }
    report["closeWithoutClassification"] = status_of(
        lambda: inc.create_or_update(
            RG, WS, str(uuid.uuid4()), m.Incident(title="t", severity="Low", status="Closed")
        )
    )

    # Comments.
    comment_id = str(uuid.uuid4())
    comment = client.incident_comments.create_or_update(RG, WS, incident_id, comment_id, m.IncidentComment(message="first look"))
    report["comment"] = {"message": comment.message, "hasAuthor": comment.author is not None}
    report["comments"] = [c.message for c in client.incident_comments.list(RG, WS, incident_id)]

    # A bookmark, and relations to it and to one of the seeded incident's alerts.
    bookmark_id = str(uuid.uuid4())
    bookmark = client.bookmarks.create_or_update(
        RG,
        WS,
        bookmark_id,
        m.Bookmark(display_name="python bookmark", query="SecurityEvent | take 10", labels=["python"]),
    )
    report["bookmarkListed"] = any(b.name == bookmark_id for b in client.bookmarks.list(RG, WS))
    relation_name = f"rel-{uuid.uuid4()}"
    relation = client.incident_relations.create_or_update(
        RG, WS, incident_id, relation_name, m.Relation(related_resource_id=bookmark.id)
    )
    report["relation"] = {"name": relation.name, "relatedName": relation.related_resource_name, "type": relation.related_resource_type}
    alert = inc.list_alerts(RG, WS, SEEDED).value[0]
    alert_relation = client.incident_relations.create_or_update(
        RG, WS, incident_id, f"rel-{uuid.uuid4()}", m.Relation(related_resource_id=alert.id)
    )
    report["alertRelation"] = {"relatedName": alert_relation.related_resource_name, "kind": alert_relation.related_resource_kind}
    report["relations"] = sorted(r.name for r in client.incident_relations.list(RG, WS, incident_id))
    report["incidentBookmarks"] = [b.name for b in inc.list_bookmarks(RG, WS, incident_id).value]
    report["incidentAlerts"] = len(inc.list_alerts(RG, WS, incident_id).value)
    counts = inc.get(RG, WS, incident_id).additional_data
    report["counts"] = {"comments": counts.comments_count, "bookmarks": counts.bookmarks_count, "alerts": counts.alerts_count}

    # Tasks (2022-12-01-preview has them).
    task_id = str(uuid.uuid4())
    task = client.incident_tasks.create_or_update(RG, WS, incident_id, task_id, m.IncidentTask(title="check the host", status="New"))
    task.status = "Completed"
    done = client.incident_tasks.create_or_update(RG, WS, incident_id, task_id, task)
    report["task"] = {"title": done.title, "status": done.status}
    report["tasks"] = [t.title for t in client.incident_tasks.list(RG, WS, incident_id)]

    # And everything deleted again.
    client.incident_tasks.delete(RG, WS, incident_id, task_id)
    client.incident_relations.delete(RG, WS, incident_id, relation_name)
    client.incident_comments.delete(RG, WS, incident_id, comment_id)
    report["afterDeletes"] = {
        "tasks": len(list(client.incident_tasks.list(RG, WS, incident_id))),
        "comments": len(list(client.incident_comments.list(RG, WS, incident_id))),
        "relations": len(list(client.incident_relations.list(RG, WS, incident_id))),
    }
    client.bookmarks.delete(RG, WS, bookmark_id)
    inc.delete(RG, WS, incident_id)
    report["afterDelete"] = status_of(lambda: inc.get(RG, WS, incident_id))
    report["incidentId"] = incident_id
    return report


if __name__ == "__main__":
    try:
        out = {"ok": True, "report": main(), "exchanges": exchanges}
    except Exception as err:  # noqa: BLE001 - reported to the test as data
        out = {"ok": False, "error": f"{type(err).__name__}: {err}", "traceback": traceback.format_exc()[-3000:], "exchanges": exchanges}
    print(json.dumps(out))
    sys.exit(0 if out["ok"] else 1)
