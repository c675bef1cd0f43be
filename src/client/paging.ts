// One pager for every list: follows nextLink page by page, in constant memory,
// with Azure's PagedAsyncIterableIterator shape (iterate items, or byPage()).

export interface PageSettings {
  /** A nextLink returned with an earlier page, to resume from there. */
  continuationToken?: string;
  /** Items per page requested from the service. */
  maxPageSize?: number;
}

export interface PagedAsyncIterableIterator<T, TPage = T[], TPageSettings = PageSettings> {
  next(): Promise<IteratorResult<T>>;
  [Symbol.asyncIterator](): PagedAsyncIterableIterator<T, TPage, TPageSettings>;
  byPage(settings?: TPageSettings): AsyncIterableIterator<TPage & { continuationToken?: string }>;
}

export interface Page<T> {
  value: T[];
  nextLink?: string;
}

export interface PagerSource<T> {
  first(settings: PageSettings): Promise<Page<T>>;
  next(link: string): Promise<Page<T>>;
}

export function pager<T>(source: PagerSource<T>): PagedAsyncIterableIterator<T> {
  async function* pages(settings: PageSettings = {}): AsyncIterableIterator<T[] & { continuationToken?: string }> {
    let link = settings.continuationToken;
    let page: Page<T> | undefined = link ? await source.next(link) : await source.first(settings);
    while (page) {
      link = page.nextLink;
      const items = Object.assign(page.value, { continuationToken: link });
      // Not kept while the next page is fetched: only the caller decides whether a page stays.
      page = undefined;
      yield items;
      if (!link) return;
      page = await source.next(link);
    }
  }
  async function* items(): AsyncIterableIterator<T> {
    for await (const page of pages()) {
      // Each item is let go as it is handed out: by the time the next page is fetched and
      // parsed, the previous page's objects can already be collected (unless the caller kept them).
      for (let i = 0; i < page.length; i++) {
        const item = page[i]!;
        (page as (T | undefined)[])[i] = undefined;
        yield item;
      }
    }
  }
  const iterator = items();
  const paged: PagedAsyncIterableIterator<T> = {
    next: () => iterator.next(),
    [Symbol.asyncIterator]: () => paged,
    byPage: (settings) => pages(settings),
  };
  return paged;
}

/** Collects every item of a pager (for the lists that are small by nature). */
export async function collect<T>(items: AsyncIterable<T>, limit = Infinity): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    out.push(item);
    if (out.length >= limit) break;
  }
  return out;
}
