// Wire models of the Microsoft.SecurityInsights incidents API (2025-12-01),
// exactly as they travel in JSON: ARM envelope with a nested `properties` bag.
import type {
  AlertSeverity,
  AttackTactic,
  ConfidenceLevel,
  EntityKind,
  IncidentClassification,
  IncidentClassificationReason,
  IncidentLabelType,
  IncidentSeverity,
  IncidentStatus,
  IncidentTaskStatus,
  OwnerType,
} from "./enums.js";

/** ARM proxy resource fields shared by every resource. */
export interface Resource {
  id?: string;
  name?: string;
  type?: string;
  systemData?: SystemData;
}

export interface ResourceWithEtag extends Resource {
  etag?: string;
}

export interface SystemData {
  createdBy?: string;
  createdByType?: "User" | "Application" | "ManagedIdentity" | "Key";
  createdAt?: string;
  lastModifiedBy?: string;
  lastModifiedByType?: "User" | "Application" | "ManagedIdentity" | "Key";
  lastModifiedAt?: string;
}

export interface IncidentLabel {
  labelName: string;
  labelType?: IncidentLabelType;
}

export interface IncidentOwnerInfo {
  email?: string;
  assignedTo?: string;
  objectId?: string;
  userPrincipalName?: string;
  ownerType?: OwnerType;
}

export interface IncidentAdditionalData {
  alertsCount?: number;
  bookmarksCount?: number;
  commentsCount?: number;
  alertProductNames?: string[];
  tactics?: AttackTactic[];
  providerIncidentUrl?: string;
}

export interface IncidentProperties {
  title: string;
  severity: IncidentSeverity;
  status: IncidentStatus;
  description?: string;
  classification?: IncidentClassification;
  classificationReason?: IncidentClassificationReason;
  classificationComment?: string;
  owner?: IncidentOwnerInfo;
  labels?: IncidentLabel[];
  firstActivityTimeUtc?: string;
  lastActivityTimeUtc?: string;
  // Read-only, kept by the service.
  additionalData?: IncidentAdditionalData;
  createdTimeUtc?: string;
  lastModifiedTimeUtc?: string;
  incidentUrl?: string;
  incidentNumber?: number;
  providerName?: string;
  providerIncidentId?: string;
  relatedAnalyticRuleIds?: string[];
}

/** The properties a caller may set; the rest the service keeps. */
export type IncidentSettableProperties = Pick<
  IncidentProperties,
  | "title"
  | "severity"
  | "status"
  | "description"
  | "classification"
  | "classificationReason"
  | "classificationComment"
  | "owner"
  | "labels"
  | "firstActivityTimeUtc"
  | "lastActivityTimeUtc"
>;

export interface Incident extends ResourceWithEtag {
  properties: IncidentProperties;
}

export interface ClientInfo {
  email?: string;
  name?: string;
  objectId?: string;
  userPrincipalName?: string;
}

export interface UserInfo {
  email?: string;
  name?: string;
  objectId?: string | null;
}

export interface IncidentCommentProperties {
  message: string;
  createdTimeUtc?: string;
  lastModifiedTimeUtc?: string;
  author?: ClientInfo;
}

export interface IncidentComment extends ResourceWithEtag {
  properties: IncidentCommentProperties;
}

export interface RelationProperties {
  relatedResourceId: string;
  relatedResourceName?: string;
  relatedResourceType?: string;
  relatedResourceKind?: string;
}

export interface Relation extends ResourceWithEtag {
  properties: RelationProperties;
}

export interface IncidentTaskProperties {
  title: string;
  status: IncidentTaskStatus;
  description?: string;
  createdTimeUtc?: string;
  lastModifiedTimeUtc?: string;
  createdBy?: ClientInfo;
  lastModifiedBy?: ClientInfo;
}

export interface IncidentTask extends ResourceWithEtag {
  properties: IncidentTaskProperties;
}

export interface IncidentInfo {
  incidentId?: string;
  severity?: IncidentSeverity;
  title?: string;
  relationName?: string;
}

export interface BookmarkProperties {
  displayName: string;
  query: string;
  created?: string;
  createdBy?: UserInfo;
  updated?: string;
  updatedBy?: UserInfo;
  labels?: string[];
  notes?: string;
  queryResult?: string;
  eventTime?: string;
  queryStartTime?: string;
  queryEndTime?: string;
  incidentInfo?: IncidentInfo;
}

export interface Bookmark extends ResourceWithEtag {
  properties: BookmarkProperties;
}

/** An entity as the entities and alerts actions return it: `kind` says which properties it has. */
export interface Entity<K extends EntityKind = EntityKind, P = Record<string, unknown>> extends Resource {
  kind: K;
  properties: P & EntityCommonProperties;
}

export interface EntityCommonProperties {
  additionalData?: Record<string, unknown>;
  friendlyName?: string;
}

export interface SecurityAlertProperties extends EntityCommonProperties {
  alertDisplayName?: string;
  alertType?: string;
  compromisedEntity?: string;
  confidenceLevel?: ConfidenceLevel;
  confidenceScore?: number;
  description?: string;
  endTimeUtc?: string;
  startTimeUtc?: string;
  timeGenerated?: string;
  processingEndTime?: string;
  productComponentName?: string;
  productName?: string;
  productVersion?: string;
  providerAlertId?: string;
  remediationSteps?: string[];
  resourceIdentifiers?: Record<string, unknown>[];
  severity?: AlertSeverity;
  status?: string;
  systemAlertId?: string;
  tactics?: AttackTactic[];
  techniques?: string[];
  vendorName?: string;
  alertLink?: string;
  intent?: string;
}

export type SecurityAlert = Entity<"SecurityAlert", SecurityAlertProperties>;

/** A bookmark as the incident bookmarks action returns it (an entity of kind Bookmark). */
export type HuntingBookmark = Entity<"Bookmark", Omit<BookmarkProperties, "incidentInfo"> & { incidentInfo?: IncidentInfo }>;

export interface IncidentEntitiesResultsMetadata {
  entityKind: EntityKind;
  count: number;
}

export interface IncidentEntitiesResponse {
  entities?: Entity[];
  metaData?: IncidentEntitiesResultsMetadata[];
}

/** Every ARM list response. */
export interface ResourceList<T> {
  value: T[];
  nextLink?: string;
}

export type IncidentList = ResourceList<Incident>;
export type IncidentCommentList = ResourceList<IncidentComment>;
export type RelationList = ResourceList<Relation>;
export type IncidentTaskList = ResourceList<IncidentTask>;
export type BookmarkList = ResourceList<Bookmark>;
export type IncidentAlertList = ResourceList<SecurityAlert>;
export type IncidentBookmarkList = ResourceList<HuntingBookmark>;

export interface CloudErrorBody {
  code?: string;
  message?: string;
  target?: string;
  details?: CloudErrorBody[];
}

export interface CloudError {
  error?: CloudErrorBody;
}

/** Resource types as they appear in `type`. */
export const ResourceTypes = {
  incident: "Microsoft.SecurityInsights/incidents",
  comment: "Microsoft.SecurityInsights/incidents/comments",
  relation: "Microsoft.SecurityInsights/incidents/relations",
  task: "Microsoft.SecurityInsights/incidents/tasks",
  bookmark: "Microsoft.SecurityInsights/bookmarks",
  entity: "Microsoft.SecurityInsights/Entities",
} as const;
