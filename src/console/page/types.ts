// What the console's API returns (see src/console/api.ts and queue.ts).
export interface Config {
  workspaces: { label: string; workspaceName: string; endpoint: string }[];
  me: string | null;
  severities: string[];
  statuses: string[];
  classifications: string[];
  reasons: Record<string, string[]>;
}

export interface QueueRow {
  ws: string;
  name: string;
  number: number | null;
  title: string;
  severity: string;
  status: string;
  owner: string | null;
  labels: string[];
  created: string | null;
  modified: string | null;
  alerts: number;
  classification: string | null;
}

export interface Incident {
  name: string;
  etag?: string;
  properties: {
    title: string;
    severity: string;
    status: string;
    description?: string;
    classification?: string;
    classificationReason?: string;
    classificationComment?: string;
    owner?: { userPrincipalName?: string; email?: string; assignedTo?: string; objectId?: string };
    labels?: { labelName: string }[];
    createdTimeUtc?: string;
    lastModifiedTimeUtc?: string;
    firstActivityTimeUtc?: string;
    lastActivityTimeUtc?: string;
    incidentNumber?: number;
    incidentUrl?: string;
    providerName?: string;
    additionalData?: { alertsCount?: number; tactics?: string[]; alertProductNames?: string[] };
  };
}

export interface Details {
  ws: string;
  incident: Incident;
  portalUrl: string | null;
  entities: { kind: string; items: { name: string; friendlyName: string | null; properties: Record<string, unknown> }[] }[];
  alerts: { name: string; displayName: string; severity: string | null; time: string | null; end: string | null; product: string | null; tactics: string[]; description: string | null }[];
  comments: { name: string; message: string; author: string | null; created: string | null }[];
  bookmarks: { name: string; displayName: string; created: string | null; query: string }[];
  tasks: { name: string; title: string; status: string; description: string | null }[];
}

export interface CountRow {
  key: string;
  count: number;
}

export interface Stats {
  since: string;
  until: string;
  total: number;
  open: number;
  groups: Record<string, CountRow[]>;
  createdPerDay: ({ day: string; total: number } & Record<string, number>)[];
  backlog: { open: number; buckets: ({ bucket: string; count: number } & Record<string, number>)[] };
  timeToClose: { count: number; medianHours: number | null; p90Hours: number | null; bySeverity: Record<string, { count: number; medianHours: number | null; p90Hours: number | null }> };
  classificationMix: { closed: number; rows: { classification: string; count: number; share: number }[] };
  approximations: string[];
}
