// What analysts write: labels, comments while working an incident, and the
// classification comment they leave when closing it.
import type { IncidentClassification } from "../../api/enums.js";
import type { Cast } from "./cast.js";
import { Products, type Product } from "./catalog.js";

/** Labels any incident may get; topical ones (phishing, ransomware, ...) come from the templates' hints. */
export const LABELS = [
  "VIP", "needs-review", "false-positive-candidate", "red-team", "escalated", "pentest", "tuning", "customer-impact", "after-hours",
];

/** Labels automation rules add, so some labels carry labelType AutoAssigned. */
export const AUTO_LABELS = ["auto-triaged", "tier1", "high-value-asset", "known-scanner"];

type Note = (c: Cast) => string;

export const TRIAGE_NOTES: readonly Note[] = [
  () => "Picking this up.",
  () => "Triaging now; pulling sign-in and device logs for the last 24 hours.",
  (c) => `Checked the activity of ${c.user.upn} in the last 7 days; nothing else stands out so far.`,
  (c) => `${c.ip.address} resolves to a hosting provider in ${c.ip.place.countryName}.`,
  () => "Asked the user's manager whether this activity is expected.",
  () => "Waiting for the user to reply.",
  () => "Escalating to Tier 2 for deeper analysis.",
  () => "Related to the other incidents raised this morning; handling them together.",
];

export const PRODUCT_NOTES: Readonly<Partial<Record<Product, readonly Note[]>>> = {
  [Products.mde]: [
    () => "Isolated the device from the network via MDE.",
    (c) => `Collected an investigation package from ${c.host.hostName}.`,
    () => "Ran a full antivirus scan; two more detections, both quarantined.",
    () => "Process tree shows the activity started from an Outlook attachment.",
    (c) => `Released ${c.host.hostName} from isolation.`,
  ],
  [Products.idp]: [
    (c) => `Reset the password of ${c.user.upn} and revoked all sessions.`,
    (c) => `Sign-in logs show ${c.user.upn} passed MFA from ${c.ip.address}.`,
    (c) => `Marked ${c.user.upn} as compromised in Entra ID Protection; MFA re-registration required.`,
  ],
  [Products.mdca]: [
    (c) => `Suspended ${c.user.upn} in ${c.app.appName} pending investigation.`,
    () => "Removed the forwarding rule and notified the mailbox owner.",
    (c) => `Pulled the activity log of ${c.user.upn} from Defender for Cloud Apps.`,
  ],
  [Products.mdo]: [
    () => "Soft-deleted the remaining copies of the message with Threat Explorer.",
    (c) => `Blocked ${c.domain} in the Tenant Allow/Block List.`,
    () => "Only one recipient clicked; their credentials were reset.",
    () => "Submitted the message to Microsoft for analysis.",
  ],
  [Products.mdi]: [
    (c) => `Disabled ${c.user.accountName} in Active Directory.`,
    (c) => `Checked the logon history of ${c.user.accountName} on ${c.dc.hostName}.`,
    () => "Reset krbtgt twice as a precaution.",
  ],
  [Products.mdc]: [
    (c) => `Locked down the NSG of ${c.resource.name}; RDP now only through Bastion.`,
    (c) => `Rotated the keys of ${c.resource.name}.`,
    (c) => `Reviewed the activity log of ${c.resource.name} for the last 7 days.`,
  ],
  [Products.sentinel]: [
    () => "Ran the hunting queries for the account; no further hits.",
    () => "Raised a tuning request for the analytics rule.",
    (c) => `Added ${c.ip.address} to the watchlist of blocked addresses.`,
  ],
};

/** Closing words that fit any incident. */
export const CLASSIFICATION_COMMENTS: Readonly<Record<IncidentClassification, readonly Note[]>> = {
  TruePositive: [
    () => "Confirmed malicious activity; contained and remediated.",
    () => "Escalated to incident response; remediation tracked in the IR ticket.",
  ],
  BenignPositive: [
    () => "Authorized penetration test by the red team.",
    () => "Administrative activity by IT during a maintenance window.",
    () => "Expected behaviour, confirmed with the asset owner.",
  ],
  FalsePositive: [
    () => "Not a malicious activity.",
    () => "Detection logic matched a legitimate tool; rule tuned.",
    () => "Duplicate of an incident already handled.",
  ],
  Undetermined: [
    () => "Not enough data left to decide; logs past retention.",
    () => "User unreachable; closing without a conclusion.",
  ],
};

/** Closing words that only make sense for one product's detections. */
export const PRODUCT_CLASSIFICATION_COMMENTS: Readonly<Partial<Record<Product, Partial<Record<IncidentClassification, readonly Note[]>>>>> = {
  [Products.mde]: {
    TruePositive: [(c) => `Device ${c.host.hostName} reimaged after confirmed infection.`],
    BenignPositive: [() => "Expected behaviour of the backup software."],
  },
  [Products.idp]: {
    TruePositive: [(c) => `Account ${c.user.upn} was compromised; password reset and sessions revoked.`],
    BenignPositive: [() => "Confirmed with the user; travel was expected.", () => "The user signed in through the corporate VPN from a new laptop."],
    FalsePositive: [() => "Geo-location data for the IP address was wrong."],
  },
  [Products.mdca]: {
    TruePositive: [(c) => `Account ${c.user.upn} was compromised; password reset and sessions revoked.`],
    BenignPositive: [() => "Confirmed with the user; travel was expected.", () => "Downloads match the quarterly export the finance team runs."],
    FalsePositive: [() => "Geo-location data for the IP address was wrong."],
  },
  [Products.mdo]: {
    TruePositive: [() => "Phishing campaign confirmed; messages purged tenant-wide."],
    BenignPositive: [() => "Simulated phishing campaign run by the security awareness team."],
  },
  [Products.mdi]: {
    FalsePositive: [() => "The source is the vulnerability scanner; added it to the exclusions."],
  },
  [Products.mdc]: {
    BenignPositive: [() => "The role assignment was part of an approved change."],
  },
};
