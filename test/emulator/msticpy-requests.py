#!/usr/bin/python3
"""The requests MSTICPy 3.0.2's MicrosoftSentinel incident functions send, for msticpy.test.ts.

Standard library only: it needs neither MSTICPy nor Azure packages. The dicts are
built as MSTICPy builds them (same keys, same order, same api-versions and URL
forms, read from msticpy/context/azure/sentinel_incidents.py and sentinel_utils.py),
and each body is Python's str() of its dict, exactly what MSTICPy puts on the wire
with httpx.put(content=str(data)).

Input (JSON on stdin):
  base       MSTICPy's base_url, the resource manager endpoint with a trailing '/'
  sub, rg, ws, incident, bookmark, text
  current    {title, status, etag} of the incident, as update_incident reads it first
Output (JSON on stdout): {"requests": [{step, method, url, body}], "ids": {...}}
  body is the text to send (null: no body); url is absolute.
"""

import json
import sys
import uuid
from datetime import datetime, timezone
from urllib.parse import urlencode


def main():
    inp = json.load(sys.stdin)
    base = inp["base"]
    # build_sentinel_resource_id: note the lower-case 'resourcegroups'.
    workspace = (
        f"/subscriptions/{inp['sub']}/resourcegroups/{inp['rg']}"
        f"/providers/Microsoft.OperationalInsights/workspaces/{inp['ws']}"
    )
    # _build_sentinel_api_root drops the base's trailing '/' before the resource id.
    root = base[:-1] + workspace
    incidents = root + "/providers/Microsoft.SecurityInsights/incidents"
    bookmarks = root + "/providers/Microsoft.SecurityInsights/bookmarks"
    text = inp["text"]
    incident = inp["incident"]
    current = inp["current"]
    requests = []

    def add(step, method, url, params, data=None):
        # httpx encodes params as urlencode does: '$top' as '%24top', spaces as '+'.
        query = urlencode(params)
        requests.append(
            {"step": step, "method": method, "url": f"{url}?{query}", "body": None if data is None else str(data)}
        )

    # Reads.
    add("list_incidents", "GET", incidents, {"$top": 50, "api-version": "2020-01-01"})
    add(
        "list_incidents(params)",
        "GET",
        incidents,
        {"$top": 500, "$filter": "properties/status eq 'Active'", "$orderby": "properties/createdTimeUtc desc", "api-version": "2020-01-01"},
    )
    add("get_incident", "GET", f"{incidents}/{incident}", {"api-version": "2020-01-01"})
    add("get_entities", "POST", f"{incidents}/{incident}/entities", {"api-version": "2021-04-01"})
    add("get_incident_alerts", "POST", f"{incidents}/{incident}/alerts", {"api-version": "2021-04-01"})
    add("get_incident_comments", "GET", f"{incidents}/{incident}/comments", {"api-version": "2020-04-01"})
    add("get_incident_bookmarks", "GET", f"{incidents}/{incident}/relations", {"api-version": "2020-04-01"})
    add("list_bookmarks", "GET", bookmarks, {"api-version": "2020-01-01"})

    # update_incident(incident, {"severity": "High"}): title and status are filled
    # in from the incident as read, everything goes under properties, and the etag
    # read goes last. Nothing else: what is left out is replaced by the PUT.
    update_items = {"severity": "High"}
    update_items["title"] = current["title"]
    update_items["status"] = current["status"]
    add(
        "update_incident",
        "PUT",
        f"{incidents}/{incident}",
        {"api-version": "2020-01-01"},
        {"properties": dict(update_items), "etag": current["etag"]},
    )

    # post_comment(incident, text)
    comment_id = str(uuid.uuid4())
    add(
        "post_comment",
        "PUT",
        f"{incidents}/{incident}/comments/{comment_id}",
        {"api-version": "2020-01-01"},
        {"properties": {"message": text}},
    )

    # add_bookmark_to_incident(incident, bookmark): the bookmark URL with the base
    # split off, so no leading '/'.
    relation_id = str(uuid.uuid4())
    add(
        "add_bookmark_to_incident",
        "PUT",
        f"{incidents}/{incident}/relations/{relation_id}",
        {"api-version": "2021-04-01"},
        {"properties": {"relatedResourceId": f"{bookmarks}/{inp['bookmark']}".split(base)[1]}},
    )

    # create_incident(title=text, severity="high", status="new", description=text,
    #   first/last_activity_time=aware datetimes, labels=[...], bookmarks=[bookmark])
    created_id = str(uuid.uuid4())
    first = datetime(2019, 1, 1, 13, 15, 30, 123456, tzinfo=timezone.utc)
    last = datetime(2019, 1, 1, 14, 15, 30, tzinfo=timezone.utc)
    data_items = {"title": text, "severity": "high".capitalize(), "status": "new".capitalize()}
    data_items["description"] = text
    data_items["labels"] = [{"labelName": lab, "labelType": "User"} for lab in ["msticpy", text]]
    data_items["firstActivityTimeUtc"] = first.isoformat()
    data_items["lastActivityTimeUtc"] = last.isoformat()
    add("create_incident", "PUT", f"{incidents}/{created_id}", {"api-version": "2020-01-01"}, {"properties": data_items})
    # ... and its bookmark relation, with the bookmark's whole URL as the id.
    created_relation_id = str(uuid.uuid4())
    add(
        "create_incident relation",
        "PUT",
        f"{incidents}/{created_id}/relations/{created_relation_id}",
        {"api-version": "2021-04-01"},
        {"properties": {"relatedResourceId": f"{bookmarks}/{inp['bookmark']}"}},
    )

    # create_bookmark(name=text, query, results, notes, labels): labels are plain strings here.
    new_bookmark = str(uuid.uuid4())
    add(
        "create_bookmark",
        "PUT",
        f"{bookmarks}/{new_bookmark}",
        {"api-version": "2020-01-01"},
        {"properties": {"displayName": text, "query": "SecurityEvent | where EventID == 4688", "queryResult": "{}", "notes": text, "labels": ["msticpy", text]}},
    )
    # delete_bookmark(new_bookmark)
    add("delete_bookmark", "DELETE", f"{bookmarks}/{new_bookmark}", {"api-version": "2020-01-01"})

    # update_incident again with the etag read before the first update: stale.
    add(
        "update_incident (stale etag)",
        "PUT",
        f"{incidents}/{incident}",
        {"api-version": "2020-01-01"},
        {"properties": {"severity": "Low", "title": current["title"], "status": current["status"]}, "etag": current["etag"]},
    )

    json.dump(
        {
            "requests": requests,
            "ids": {
                "comment": comment_id,
                "relation": relation_id,
                "created": created_id,
                "createdRelation": created_relation_id,
                "bookmark": new_bookmark,
                "first": first.isoformat(),
                "last": last.isoformat(),
            },
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
