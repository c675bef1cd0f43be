// Page sizes of the incidents API, shared by the client and the emulator.

/** Items in a page when a request gives no `$top` (the service's default). */
export const DEFAULT_PAGE_SIZE = 50;
/** The largest `$top` the service accepts. */
export const MAX_PAGE_SIZE = 1000;
/** How many incidents listIncidents and `incident list` return when no count is given: the 50 newest. */
export const DEFAULT_LIST_COUNT = 50;
/** Newest first: the order listIncidents uses when none is given. */
export const DEFAULT_INCIDENT_ORDER = "properties/createdTimeUtc desc";
