// The forms of a related resource id that clients send and the service takes.
// The spec's form is an ARM path, `/subscriptions/…/bookmarks/<id>`. MSTICPy, whose
// relations work against real Sentinel, sends two others: add_bookmark_to_incident
// cuts the endpoint off its bookmarks URL and keeps no leading slash
// (`subscriptions/…`), and create_incident sends the whole URL
// (`https://management.azure.com/subscriptions/…`). Both name the same resource.

// An absolute http(s) URL: the endpoint is dropped, its path is the resource id.
const ABSOLUTE_URL = /^https?:\/\/[^/?#\s]+(?=\/)/i;

/** The ARM path a related resource id names, or the text unchanged when it is none of the known forms. */
export function armPathOfRelatedId(id: string): string {
  const text = id.trim();
  const url = ABSOLUTE_URL.exec(text);
  if (url) {
    const path = text.slice(url[0].length);
    // A query or fragment makes it a request URL, not a resource id.
    return /[?#]/.test(path) ? text : path;
  }
  return /^subscriptions\//i.test(text) ? `/${text}` : text;
}
