// The emulator's small stand-in for an Entra ID directory: owners given by objectId,
// email or UPN are completed from it, as the real service completes them from Entra ID.
import type { ClientInfo, IncidentOwnerInfo } from "../api/models.js";

export interface DirectoryPrincipal {
  objectId: string;
  displayName: string;
  /** Users only. */
  userPrincipalName?: string;
  email?: string;
  type: "User" | "Group";
}

export const DIRECTORY: readonly DirectoryPrincipal[] = [
  // The user of the spec examples, so every example response replays verbatim.
  { objectId: "2046feea-040d-4a46-9e2b-91c2941bfa70", displayName: "john doe", userPrincipalName: "john@contoso.com", email: "john.doe@contoso.com", type: "User" },
  { objectId: "b03ca914-5eb6-45e5-9417-fe0797c372fd", displayName: "user", userPrincipalName: "user@microsoft.com", email: "user@microsoft.com", type: "User" },
  { objectId: "5d7d3a8e-0a8c-4b8a-9f0e-6f1f2b7c9a01", displayName: "Alex Wilber", userPrincipalName: "alexw@contoso.com", email: "alex.wilber@contoso.com", type: "User" },
  { objectId: "8c2f6d1b-3e4a-4f5b-8a7c-9d0e1f2a3b02", displayName: "Megan Bowen", userPrincipalName: "meganb@contoso.com", email: "megan.bowen@contoso.com", type: "User" },
  { objectId: "1a9e8d7c-6b5a-4c3d-9e2f-0a1b2c3d4e03", displayName: "Adele Vance", userPrincipalName: "adelev@contoso.com", email: "adele.vance@contoso.com", type: "User" },
  { objectId: "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b04", displayName: "Diego Siciliani", userPrincipalName: "diegos@contoso.com", email: "diego.siciliani@contoso.com", type: "User" },
  { objectId: "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e05", displayName: "Nestor Wilke", userPrincipalName: "nestorw@contoso.com", email: "nestor.wilke@contoso.com", type: "User" },
  { objectId: "7e6d5c4b-3a29-4817-9605-f4e3d2c1b006", displayName: "Lynne Robbins", userPrincipalName: "lynner@contoso.com", email: "lynne.robbins@contoso.com", type: "User" },
  { objectId: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d07", displayName: "Pradeep Gupta", userPrincipalName: "pradeepg@contoso.com", email: "pradeep.gupta@contoso.com", type: "User" },
  { objectId: "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c08", displayName: "Isaiah Langer", userPrincipalName: "isaiahl@contoso.com", email: "isaiah.langer@contoso.com", type: "User" },
  { objectId: "e5d4c3b2-a190-4f8e-8d7c-6b5a4f3e2d09", displayName: "SOC Tier 1", type: "Group" },
  { objectId: "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a10", displayName: "SOC Tier 2", type: "Group" },
  { objectId: "a0b9c8d7-e6f5-4a4b-9c3d-2e1f0a9b8c11", displayName: "Incident Response", type: "Group" },
];

export const DEFAULT_CALLER = DIRECTORY[0]!;

function same(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

export function findPrincipal(owner: IncidentOwnerInfo): DirectoryPrincipal | undefined {
  return DIRECTORY.find(
    (p) =>
      same(p.objectId, owner.objectId) ||
      same(p.userPrincipalName, owner.userPrincipalName) ||
      same(p.email, owner.email) ||
      // Sentinel's portal lets an email be typed where a UPN is expected, and back.
      same(p.userPrincipalName, owner.email) ||
      same(p.email, owner.userPrincipalName),
  );
}

/** Completes an owner from the directory; an unknown owner is kept as given. */
export function completeOwner(owner: IncidentOwnerInfo): IncidentOwnerInfo {
  const p = findPrincipal(owner);
  if (!p) return { ...owner, ownerType: owner.ownerType ?? "Unknown" };
  if (p.type === "Group") return { objectId: p.objectId, assignedTo: p.displayName, ownerType: "Group" };
  return { objectId: p.objectId, email: p.email, userPrincipalName: p.userPrincipalName, assignedTo: p.displayName, ownerType: "User" };
}

export function clientInfoOf(p: DirectoryPrincipal): ClientInfo {
  return { objectId: p.objectId, email: p.email, userPrincipalName: p.userPrincipalName, name: p.displayName };
}
