// What $filter and $orderby may name on each list, and the SQL each name reads.
// Hot fields read indexed columns; the rest read the stored document.
import type { CollectionField, FieldSchema, ScalarField, ScalarType } from "../odata/schema.js";

/** A NOT NULL column of the table. */
function col(sql: string, type: ScalarType): ScalarField {
  return { kind: "scalar", type, sql, notNull: true };
}
/** A column that may hold NULL. */
function nullableCol(sql: string, type: ScalarType): ScalarField {
  return { kind: "scalar", type, sql };
}
function json(path: string, type: ScalarType = "string"): ScalarField {
  return { kind: "scalar", type, sql: `json_extract(doc, '$.${path}')` };
}
function list(path: string, item: CollectionField["item"]): CollectionField {
  return { kind: "collection", jsonSql: `json_extract(doc, '$.${path}')`, item };
}
// Datetimes held only in the document are compared as epoch milliseconds too.
function jsonTime(path: string): ScalarField {
  return {
    kind: "scalar",
    type: "datetime",
    sql: `CAST(ROUND((julianday(json_extract(doc, '$.${path}')) - 2440587.5) * 86400000) AS INTEGER)`,
  };
}

const RESOURCE: FieldSchema = {
  name: col("name", "string"),
  id: json("id"),
  type: json("type"),
  etag: json("etag"),
};

export const INCIDENT_FIELDS: FieldSchema = {
  ...RESOURCE,
  "properties/title": col("title", "string"),
  "properties/severity": col("severity", "string"),
  "properties/status": col("status", "string"),
  "properties/incidentNumber": col("number", "number"),
  "properties/createdTimeUtc": col("created_ms", "datetime"),
  "properties/lastModifiedTimeUtc": col("modified_ms", "datetime"),
  "properties/firstActivityTimeUtc": nullableCol("first_ms", "datetime"),
  "properties/lastActivityTimeUtc": nullableCol("last_ms", "datetime"),
  "properties/description": json("properties.description"),
  "properties/classification": json("properties.classification"),
  "properties/classificationReason": json("properties.classificationReason"),
  "properties/classificationComment": json("properties.classificationComment"),
  "properties/incidentUrl": json("properties.incidentUrl"),
  "properties/providerName": json("properties.providerName"),
  "properties/providerIncidentId": json("properties.providerIncidentId"),
  "properties/owner/email": json("properties.owner.email"),
  "properties/owner/assignedTo": json("properties.owner.assignedTo"),
  "properties/owner/objectId": json("properties.owner.objectId"),
  "properties/owner/userPrincipalName": json("properties.owner.userPrincipalName"),
  "properties/owner/ownerType": json("properties.owner.ownerType"),
  "properties/labels": list("properties.labels", { labelName: "string", labelType: "string" }),
  "properties/relatedAnalyticRuleIds": list("properties.relatedAnalyticRuleIds", "string"),
  "properties/additionalData/alertsCount": json("properties.additionalData.alertsCount", "number"),
  "properties/additionalData/bookmarksCount": json("properties.additionalData.bookmarksCount", "number"),
  "properties/additionalData/commentsCount": json("properties.additionalData.commentsCount", "number"),
  "properties/additionalData/providerIncidentUrl": json("properties.additionalData.providerIncidentUrl"),
  "properties/additionalData/alertProductNames": list("properties.additionalData.alertProductNames", "string"),
  "properties/additionalData/tactics": list("properties.additionalData.tactics", "string"),
};

export const COMMENT_FIELDS: FieldSchema = {
  ...RESOURCE,
  "properties/message": json("properties.message"),
  "properties/createdTimeUtc": col("created_ms", "datetime"),
  "properties/lastModifiedTimeUtc": col("modified_ms", "datetime"),
  "properties/author/email": json("properties.author.email"),
  "properties/author/name": json("properties.author.name"),
  "properties/author/objectId": json("properties.author.objectId"),
  "properties/author/userPrincipalName": json("properties.author.userPrincipalName"),
};

export const RELATION_FIELDS: FieldSchema = {
  ...RESOURCE,
  "properties/relatedResourceId": json("properties.relatedResourceId"),
  "properties/relatedResourceName": col("related_name", "string"),
  "properties/relatedResourceType": json("properties.relatedResourceType"),
  "properties/relatedResourceKind": json("properties.relatedResourceKind"),
};

export const BOOKMARK_FIELDS: FieldSchema = {
  ...RESOURCE,
  "properties/displayName": col("display_name", "string"),
  "properties/created": col("created_ms", "datetime"),
  "properties/updated": jsonTime("properties.updated"),
  "properties/eventTime": jsonTime("properties.eventTime"),
  "properties/query": json("properties.query"),
  "properties/notes": json("properties.notes"),
  "properties/labels": list("properties.labels", "string"),
};
