// Every published api-version of Microsoft.SecurityInsights (Azure/azure-rest-api-specs,
// specification/securityinsights/resource-manager: stable/ and preview/ folders and readme tags).

export const DEFAULT_API_VERSION = "2025-12-01";

export const STABLE_API_VERSIONS = [
  "2020-01-01",
  "2021-04-01",
  "2021-10-01",
  "2022-08-01",
  "2022-11-01",
  "2023-02-01",
  "2023-11-01",
  "2024-03-01",
  "2024-09-01",
  "2025-03-01",
  "2025-06-01",
  "2025-09-01",
  "2025-12-01",
] as const;

export const PREVIEW_API_VERSIONS = [
  "2019-01-01-preview",
  "2021-03-01-preview",
  "2021-09-01-preview",
  "2021-10-01-preview",
  "2022-01-01-preview",
  "2022-04-01-preview",
  "2022-05-01-preview",
  "2022-06-01-preview",
  "2022-07-01-preview",
  "2022-08-01-preview",
  "2022-09-01-preview",
  "2022-10-01-preview",
  "2022-11-01-preview",
  "2022-12-01-preview",
  "2023-02-01-preview",
  "2023-03-01-preview",
  "2023-04-01-preview",
  "2023-05-01-preview",
  "2023-06-01-preview",
  "2023-07-01-preview",
  "2023-08-01-preview",
  "2023-09-01-preview",
  "2023-10-01-preview",
  "2023-12-01-preview",
  "2024-01-01-preview",
  "2024-04-01-preview",
  "2024-10-01-preview",
  "2025-01-01-preview",
  "2025-04-01-preview",
  "2025-07-01-preview",
  "2025-10-01-preview",
] as const;

export const ALL_API_VERSIONS: readonly string[] = [...STABLE_API_VERSIONS, ...PREVIEW_API_VERSIONS].sort();

export function isPublishedApiVersion(version: string): boolean {
  return ALL_API_VERSIONS.includes(version);
}

/** The api-versions from a first stable and a first preview version on (dates compare as strings). */
export function apiVersionsSince(firstStable: string, firstPreview: string): readonly string[] {
  return [
    ...STABLE_API_VERSIONS.filter((v) => v >= firstStable),
    ...PREVIEW_API_VERSIONS.filter((v) => v >= firstPreview),
  ].sort();
}
