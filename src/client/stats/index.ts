// incidentStats: SOC metrics over the selected incidents.
export { incidentStats, IncidentStatsAccumulator, statsSelection, ownerKey, utcDay, isoWeek, CLOSE_TIME_APPROXIMATION, DEFAULT_STATS_DAYS } from "./incidentStats.js";
export { QuantileStream, nearestRank } from "./quantiles.js";
export * from "./types.js";
